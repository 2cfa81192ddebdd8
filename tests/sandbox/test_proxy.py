"""Behind a reverse proxy: `--proxy-headers` / `--forwarded-allow-ips`, over real processes.

Every partner behind one proxy has the proxy's address. With the options and a trusted
peer, each X-Forwarded-For address gets its own registration budget; without them, or
from a peer not listed, the header changes nothing (a direct caller cannot pick the
address its budget is counted under). `--registrations-per-hour 1` makes the budget one
registration, so the second registration of an address is refused.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from nestbank_sandbox.__main__ import main
from nestbank_sandbox.server import proxy_options, trusted_proxies

from .support import DEMO_REDIRECT, authorize_body
from .test_live import live_token
from .test_workers import sandbox_process

BODY = {"redirect_uris": [DEMO_REDIRECT]}


@contextlib.contextmanager
def sandbox(database: str, workers: int, options: list[str]) -> Iterator[str]:
    """A sandbox process whose budget is one registration per address and hour."""
    with sandbox_process(database, workers, ["--registrations-per-hour", "1", *options]) as run:
        yield run[0]


def register(base: str, forwarded_for: str | None) -> int:
    headers = {} if forwarded_for is None else {"X-Forwarded-For": forwarded_for}
    with httpx.Client() as http:  # a new connection each: with two workers, either answers
        return http.post(f"{base}/_sandbox/applications", json=BODY, headers=headers).status_code


def test_a_trusted_proxys_forwarded_addresses_have_budgets_of_their_own(database: str) -> None:
    options = ["--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"]
    with sandbox(database, 2, options) as base:
        assert register(base, "198.51.100.7") == 201
        assert register(base, "198.51.100.7") == 429  # that partner's one registration
        assert register(base, "203.0.113.9") == 201  # another partner behind the same proxy
        # The proxy appends the address it saw to what the client sent: the rightmost
        # address not a trusted proxy is the client, so a forged first entry buys nothing.
        assert register(base, "192.0.2.1, 203.0.113.9") == 429
        assert register(base, None) == 201  # the proxy's own address: a budget too
        assert register(base, None) == 429


@pytest.mark.parametrize(
    "options",
    [[], ["--proxy-headers", "--forwarded-allow-ips", "10.0.0.1,192.0.2.0/24"]],
    ids=["no-option", "untrusted-peer"],
)
def test_without_a_trusted_proxy_x_forwarded_for_changes_nothing(
    database: str, options: list[str]
) -> None:
    """Before `--proxy-headers`, uvicorn's default trusted the header from 127.0.0.1."""
    with sandbox(database, 1, options) as base:
        assert register(base, "198.51.100.7") == 201
        assert register(base, "203.0.113.9") == 429  # the peer's one budget, whatever it says
        assert register(base, None) == 429


def test_x_forwarded_proto_of_a_trusted_proxy_is_the_scheme_of_the_links(tmp_path: Path) -> None:
    """TLS ends at the proxy: the approval page's address must be https, as the browser saw."""
    options = ["--proxy-headers"]  # the default trusted proxies: this machine's
    with sandbox(str(tmp_path / "sandbox.db"), 1, options) as base:
        token = live_token(base)

        def page(order_id: str, headers: dict[str, str]) -> str:
            body = authorize_body("orderId", order_id, "2000.00")
            started = httpx.post(f"{base}/payment/authorize", json=body,
                                 headers={**token, **headers})  # fmt: skip
            assert started.status_code == 200, started.text
            return str(started.json()["redirectURI"])

        assert page("o-plain", {}).startswith("http://127.0.0.1:")
        assert page("o-tls", {"X-Forwarded-Proto": "https"}).startswith("https://127.0.0.1:")


@pytest.mark.parametrize(
    "argv",
    [
        ["--forwarded-allow-ips", "127.0.0.1"],  # without --proxy-headers: a mistake
        ["--proxy-headers", "--forwarded-allow-ips", "proxy.internal"],
        ["--proxy-headers", "--forwarded-allow-ips", "10.0.0.1/8"],  # host bits set
        ["--proxy-headers", "--forwarded-allow-ips", "127.0.0.1,"],
        # every peer trusted: uvicorn would take the client's own leftmost entry
        ["--proxy-headers", "--forwarded-allow-ips", "*"],
        ["--proxy-headers", "--forwarded-allow-ips", "10.0.0.1,*"],
        ["--proxy-headers", "--forwarded-allow-ips", ""],  # not "the default"
        ["--registrations-per-hour", "-1"],
        ["--body-timeout", "inf"],  # the body guard off
        ["--body-timeout", "nan"],
        ["--body-timeout", "0"],
    ],
)
def test_bad_proxy_and_registration_options_are_refused(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "nestbank-sandbox: error:" in capsys.readouterr().err


def test_trusted_proxies_are_checked_and_kept_as_uvicorn_reads_them() -> None:
    assert trusted_proxies(" 10.0.0.1 , 10.1.0.0/16,::1") == "10.0.0.1,10.1.0.0/16,::1"
    for everyone in ("*", "10.0.0.1,*"):
        with pytest.raises(ValueError, match="every peer"):
            trusted_proxies(everyone)
    assert proxy_options(None) == {"proxy_headers": False, "forwarded_allow_ips": ""}
    assert proxy_options("*") == {"proxy_headers": True, "forwarded_allow_ips": "*"}
