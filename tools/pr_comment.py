"""Post a file as ONE pull-request comment, updating the earlier one on every new push.

`python tools/pr_comment.py build/review/summary.md` in the review workflow. The
comment carries a hidden marker; the first comment with it is edited in place, so a pull
request never collects a stack of stale reviews. Everything comes from the environment
the workflow sets (never from the command line, so nothing is interpolated into shell):
GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN, PR_NUMBER.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

MARKER = "<!-- nestbank-spec-review -->"
PAGE_SIZE = 100
MAX_PAGES = 50  # 5,000 comments: beyond that something is wrong, stop paging


class GitHub:
    """The three REST calls we need, with the workflow's token."""

    def __init__(self, api_url: str, repository: str, token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.repository = repository
        self.token = token

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.api_url}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "X-GitHub-Api-Version": "2022-11-28",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def find_comment(self, number: int) -> int | None:
        """The id of our earlier comment on the pull request, if any."""
        for page in range(1, MAX_PAGES + 1):
            path = f"/repos/{self.repository}/issues/{number}/comments"
            comments = self.call("GET", f"{path}?per_page={PAGE_SIZE}&page={page}")
            for comment in comments:
                if MARKER in (comment.get("body") or ""):
                    return int(comment["id"])
            if len(comments) < PAGE_SIZE:
                return None
        return None

    def post_or_update(self, number: int, text: str) -> str:
        body = {"body": f"{MARKER}\n{text}"}
        existing = self.find_comment(number)
        if existing is None:
            self.call("POST", f"/repos/{self.repository}/issues/{number}/comments", body)
            return "posted"
        self.call("PATCH", f"/repos/{self.repository}/issues/comments/{existing}", body)
        return "updated"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: pr_comment.py FILE", file=sys.stderr)
        return 2
    env = os.environ
    github = GitHub(
        env["GITHUB_API_URL"],
        env["GITHUB_REPOSITORY"],
        env["GITHUB_TOKEN"],
    )
    text = Path(args[0]).read_text(encoding="utf-8")
    try:
        outcome = github.post_or_update(int(env["PR_NUMBER"]), text)
    except urllib.error.HTTPError as exc:
        # A pull request from a fork gets a read-only token: the job summary still has it.
        print(f"::warning::could not comment on the pull request: HTTP {exc.code}")
        return 0
    print(f"review summary {outcome} on pull request #{env['PR_NUMBER']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
