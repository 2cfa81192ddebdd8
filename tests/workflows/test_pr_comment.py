"""tools/pr_comment.py keeps exactly one review comment per pull request, against a fake API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tools.pr_comment import MARKER, GitHub, main

REPO = "partner/spec"
NUMBER = 7


class FakeGitHub:
    """Issue comments of one pull request, served like the REST API (paged, 100 a page)."""

    def __init__(self) -> None:
        self.comments: list[dict[str, Any]] = []
        self.refuse_writes = False
        self.next_id = 1

    def add(self, body: str) -> None:
        self.comments.append({"id": self.next_id, "body": body})
        self.next_id += 1

    def handle(self, method: str, url: str, body: dict[str, Any] | None) -> tuple[int, Any]:
        parts = urlsplit(url)
        listing = f"/repos/{REPO}/issues/{NUMBER}/comments"
        if method == "GET" and parts.path == listing:
            query = parse_qs(parts.query)
            size, page = int(query["per_page"][0]), int(query["page"][0])
            return 200, self.comments[(page - 1) * size : page * size]
        if self.refuse_writes:
            return 403, {"message": "Resource not accessible by integration"}
        if method == "POST" and parts.path == listing and body is not None:
            self.add(body["body"])
            return 201, self.comments[-1]
        prefix = f"/repos/{REPO}/issues/comments/"
        if method == "PATCH" and parts.path.startswith(prefix) and body is not None:
            wanted = int(parts.path.removeprefix(prefix))
            for comment in self.comments:
                if comment["id"] == wanted:
                    comment["body"] = body["body"]
                    return 200, comment
        return 404, {"message": "Not Found"}


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[FakeGitHub]]]:
    """A loopback HTTP server delegating to the current FakeGitHub (tests swap it)."""
    current: list[FakeGitHub] = [FakeGitHub()]

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            assert self.headers["Authorization"] == "Bearer secret-token"
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            status, answer = current[0].handle(self.command, self.path, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", current
    httpd.shutdown()
    httpd.server_close()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.integers(min_value=0, max_value=230),  # crosses the 100-a-page boundary
    after=st.integers(min_value=0, max_value=3),
    pushes=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4),
)
def test_one_comment_whatever_the_history(
    server: tuple[str, list[FakeGitHub]], before: int, after: int, pushes: list[str]
) -> None:
    url, current = server
    fake = current[0] = FakeGitHub()
    for index in range(before):
        fake.add(f"someone else {index}")
    github = GitHub(url, REPO, "secret-token")
    outcomes = [github.post_or_update(NUMBER, pushes[0])]
    for index in range(after):
        fake.add(f"later discussion {index}")
    outcomes += [github.post_or_update(NUMBER, text) for text in pushes[1:]]
    ours = [comment for comment in fake.comments if MARKER in comment["body"]]
    assert len(ours) == 1
    assert ours[0]["body"] == f"{MARKER}\n{pushes[-1]}"
    assert len(fake.comments) == before + after + 1  # nobody else's comment touched
    assert outcomes == ["posted"] + ["updated"] * (len(pushes) - 1)


def test_a_read_only_token_warns_and_does_not_fail_the_job(
    server: tuple[str, list[FakeGitHub]],
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, current = server
    fake = current[0] = FakeGitHub()
    fake.refuse_writes = True  # a pull request from a fork
    summary = tmp_path / "summary.md"
    summary.write_text("## Spec review\n", encoding="utf-8")
    for name, value in {
        "GITHUB_API_URL": url,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_TOKEN": "secret-token",
        "PR_NUMBER": str(NUMBER),
    }.items():
        monkeypatch.setenv(name, value)
    assert main([str(summary)]) == 0
    assert "::warning::could not comment on the pull request: HTTP 403" in capsys.readouterr().out
    assert fake.comments == []
