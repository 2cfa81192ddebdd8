"""One worker process of `test_token_processes.py`: a holder on a shared token store.

    python tests/runtime/token_worker.py BASE_URL STORE_PATH READY_FILE GO_FILE

It builds its own `OAuthClient`, `TokenHolder` and client on the shared
`FileTokenStore`, says it is ready, waits for the go signal (so every worker calls
at the same moment), reads the customer with an access token that needs a refresh,
and prints one JSON line: `{"ok": true, "refreshes": n}` or the error it met.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from nestbank_client import NestBankError
from nestbank_client.api.user import get_user
from nestbank_client.file_store import FileTokenStore
from nestbank_client.oauth import ClientCredentials, OAuthClient
from nestbank_client.session import authenticated_client
from nestbank_client.tokens import TokenHolder

REDIRECT_URI = "http://127.0.0.1:8765/callback"


def main(base_url: str, store_path: str, ready: str, go: str) -> int:
    oauth = OAuthClient(
        ClientCredentials("demo-app", "demo-secret", REDIRECT_URI), base_url=base_url
    )
    holder = TokenHolder(oauth, FileTokenStore(store_path))
    client = authenticated_client(base_url, holder)
    Path(ready).touch()
    deadline = time.monotonic() + 60
    while not Path(go).exists():
        if time.monotonic() > deadline:
            print(json.dumps({"ok": False, "error": "no go signal"}))
            return 1
        time.sleep(0.001)
    try:
        get_user.sync(client=client)
    except NestBankError as error:
        print(json.dumps({"ok": False, "error": type(error).__name__, "code": str(error.code)}))
        return 1
    print(json.dumps({"ok": True, "refreshes": holder.refresh_count}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
