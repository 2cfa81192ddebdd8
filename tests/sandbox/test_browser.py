"""The consent and SMS approval pages in real headless Chromium (Playwright)."""
# ruff: noqa: E501  (scenario and fixture tables read best one per line)

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from nestbank_sandbox.app import create_app

from .support import DEMO_REDIRECT, authorize_body, control, live_server, new_state

pytestmark = pytest.mark.browser
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def landed_url(page: Any, prefix: str) -> list[str]:
    """Intercept navigations to the partner's site (nothing listens there) and record them."""
    seen: list[str] = []

    def fulfil(route: Any) -> None:
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p id='partner'>ok</p>")

    page.route(f"{prefix}**", fulfil)
    return seen


def test_pairing_in_the_browser(browser: Any) -> None:
    with live_server(create_app(":memory:", rate_limit_per_minute=0)) as base:
        state = new_state()
        query = {
            "client_id": "demo-app",
            "response_type": "code",
            "state": state,
            "redirect_uri": DEMO_REDIRECT,
            "scope": "open-api",
        }
        page = browser.new_page()
        seen = landed_url(page, "http://127.0.0.1:8765/")
        page.goto(f"{base}/request?{urlencode(query)}")
        page.fill("#login", "demo")
        page.fill("#password", "demo")
        page.click("#submit")
        page.check("input[value='acc-demo-savings']")
        page.click("#approve")
        page.wait_for_selector("#partner")
        landed = urlsplit(seen[-1])
        params = parse_qs(landed.query)
        assert f"{landed.scheme}://{landed.netloc}{landed.path}" == DEMO_REDIRECT
        assert params["state"] == [state]
        form = {"grant_type": "authorization_code", "code": params["code"][0], "redirect_uri": DEMO_REDIRECT,
                "state": state, "client_id": "demo-app", "client_secret": "demo-secret"}  # fmt: skip
        token = httpx.post(f"{base}/grant", data=form).json()["access_token"]
        user = httpx.get(f"{base}/user", headers={"access_token": token}).json()
        assert user["userId"] == "usr-demo-1"
        assert [a["accountId"] for a in user["accounts"]] == ["acc-demo-savings"]
        page.close()


def test_wrong_password_stays_on_the_login_page(browser: Any) -> None:
    with live_server(create_app(":memory:", rate_limit_per_minute=0)) as base:
        query = {
            "client_id": "demo-app",
            "response_type": "code",
            "state": new_state(),
            "redirect_uri": DEMO_REDIRECT,
            "scope": "open-api",
        }
        page = browser.new_page()
        page.goto(f"{base}/request?{urlencode(query)}")
        page.fill("#login", "demo")
        page.fill("#password", "wrong")
        page.click("#submit")
        assert "Nieprawidłowy" in page.inner_text("#error")
        page.close()


def test_sms_approval_in_the_browser(browser: Any) -> None:
    with live_server(create_app(":memory:", rate_limit_per_minute=0)) as base:
        state = new_state()
        pair = {"client_id": "demo-app", "redirect_uri": DEMO_REDIRECT, "state": state}
        code = control(base, "/_sandbox/pair", pair).json()["code"]
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": DEMO_REDIRECT,
                "state": state, "client_id": "demo-app", "client_secret": "demo-secret"}  # fmt: skip
        headers = {"access_token": httpx.post(f"{base}/grant", data=form).json()["access_token"]}
        body = authorize_body("blockadeId", "browser-1", "3500.00")
        started = httpx.post(
            f"{base}/account/acc-demo-main/blockade/authorize", json=body, headers=headers
        ).json()
        assert started["redirectURI"].startswith(base)
        page = browser.new_page()
        seen = landed_url(page, "http://127.0.0.1:8765/")
        page.goto(started["redirectURI"])
        page.fill("#smsCode", "123456")
        page.click("#approve")
        assert "Nieprawidłowy" in page.inner_text("#error")
        page.fill("#smsCode", "111111")
        page.click("#approve")
        page.wait_for_selector("#partner")
        params = parse_qs(urlsplit(seen[-1]).query)
        assert params == {"authorizationId": [started["authorizationId"]], "status": ["AUTHORIZED"]}
        state_now = httpx.get(
            f"{base}/authorization/{started['authorizationId']}", headers=headers
        ).json()
        assert state_now["status"] == "AUTHORIZED"
        blockade = httpx.get(f"{base}/account/acc-demo-main/blockade/browser-1", headers=headers)
        assert blockade.json()["amount"]["amount"] == "3500.00"
        page.close()
