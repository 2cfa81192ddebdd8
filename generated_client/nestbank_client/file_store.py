"""A durable token store in one file, shared safely by several processes (POSIX).

`FileTokenStore(path)` keeps the tokens of one pairing as JSON in `path` (mode
0600: they are secrets) and implements the atomic hook of `LockingTokenStore`:
`lock()` holds an exclusive `fcntl.flock` on `path + ".lock"`. The token holders
take it around "re-read, refresh if still needed, save", so when the access token
expires under several worker processes exactly one of them refreshes, and the
others read its result: no worker ever sends a refresh token another one has
already rotated out (which the bank answers `401 refresh_token_expired`).

`save` is durable before it returns (a temporary file, `fsync`, `os.replace`,
`fsync` of the folder). `load` reads the file again only when it was replaced
(checked with one `os.stat`), so a call costs no parsing while nothing changes.
One file per paired customer: e.g. `tokens/<customer id>.json`.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .tokens import TokenSet

__all__ = ["FileTokenStore"]


def _to_json(tokens: TokenSet) -> bytes:
    data: dict[str, Any] = {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "access_expires_at": tokens.access_expires_at,
        "refresh_expires_at": tokens.refresh_expires_at,
        "scope": tokens.scope,
        "permissions": list(tokens.permissions),
    }
    return json.dumps(data).encode()


def _from_json(raw: bytes) -> TokenSet:
    data = json.loads(raw)
    return TokenSet(
        access_token=data["access_token"],
        refresh_token=data["refresh_token"],
        access_expires_at=float(data["access_expires_at"]),
        refresh_expires_at=float(data["refresh_expires_at"]),
        scope=data["scope"],
        permissions=tuple(data["permissions"]),
    )


class FileTokenStore:
    """Tokens in a JSON file; `lock()` excludes other processes (see the module doc)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._cache: tuple[tuple[int, int, int], TokenSet] | None = None
        self._cache_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FileTokenStore(path={str(self.path)!r})"

    def load(self) -> TokenSet | None:
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return None
        # os.replace gives every save a new inode: (inode, size, mtime) tells a change.
        key = (status.st_ino, status.st_size, status.st_mtime_ns + status.st_ctime_ns)
        cached = self._cache
        if cached is not None and cached[0] == key:
            return cached[1]
        with self._cache_lock:
            tokens = _from_json(self.path.read_bytes())
            self._cache = (key, tokens)
        return tokens

    def save(self, tokens: TokenSet) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(descriptor, _to_json(tokens))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, self.path)
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a crash
        finally:
            os.close(directory)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive across processes and holders until the block ends (blocks to wait)."""
        self._lock_path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing the descriptor releases the lock
