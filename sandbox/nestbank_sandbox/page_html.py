"""HTML of the sandbox's browser pages: pairing consent and SMS approval (Polish, minimal)."""

from __future__ import annotations

import sqlite3
from html import escape

from .money import format_amount

CONSENT_ACTION = "/_pages/consent"


def authorize_action(authorization_id: str) -> str:
    return f"/_pages/authorize/{authorization_id}"


# Inline and small: the pages must work offline and without any asset server.
STYLE = (
    "body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;color:#1d2430}"
    "main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;"
    "box-shadow:0 1px 4px #0002}"
    "h1{font-size:1.3rem;margin:0 0 .25rem}h2{font-size:1rem;color:#5a6472;margin:0 0 1.5rem}"
    "label{display:block;margin:.75rem 0}input:not([type=radio]){display:block;width:100%;"
    "padding:.5rem;margin-top:.25rem;box-sizing:border-box}"
    "button{padding:.5rem 1.25rem;margin:1rem .5rem 0 0;border-radius:4px;border:1px solid #999}"
    "#submit,#approve{background:#0b5cad;color:#fff;border-color:#0b5cad}"
    "[role=alert]{color:#b00020}"
    ".hint{font-size:.85rem;color:#5a6472;border-top:1px solid #e3e5e8;padding-top:1rem;"
    "margin-top:1.5rem}"
)


def _page(title: str, body: str, hint: str = "") -> str:
    note = f'<p class="hint">{escape(hint)}</p>' if hint else ""
    return (
        '<!doctype html><html lang="pl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Nest Bank: {escape(title)}</title><style>{STYLE}</style></head><body><main>"
        f"<h1>Nest Bank (sandbox)</h1><h2>{escape(title)}</h2>{body}{note}</main></body></html>"
    )


def login_page(session_id: str, client_id: str, *, failed: bool = False) -> str:
    error = '<p id="error" role="alert">Nieprawidłowy login lub hasło.</p>' if failed else ""
    return _page(
        "zgoda",
        f"<p>Aplikacja <strong>{escape(client_id)}</strong> prosi o dostęp do Twojego rachunku.</p>"
        f"{error}"
        f'<form method="post" action="{CONSENT_ACTION}">'
        f'<input type="hidden" name="session" value="{escape(session_id)}">'
        '<input type="hidden" name="step" value="login">'
        '<label>Login <input id="login" name="login" autocomplete="username"></label> '
        '<label>Hasło <input id="password" name="password" type="password"></label> '
        '<button id="submit" type="submit">Zaloguj</button></form>',
        hint="Sandbox: log in as demo / demo (docs/sandbox.md lists the other test customers).",
    )


def accounts_page(session_id: str, client_id: str, accounts: list[sqlite3.Row]) -> str:
    choices = "".join(
        f'<label><input type="radio" name="accountId" value="{escape(a["account_id"])}"'
        f"{' checked' if i == 0 else ''}> {escape(a['name'])} ({escape(a['number'])})</label><br>"
        for i, a in enumerate(accounts)
    )
    return _page(
        "wybór rachunku",
        "<p>Wybierz rachunek, który połączysz z aplikacją"
        f" <strong>{escape(client_id)}</strong>.</p>"
        f'<form method="post" action="{CONSENT_ACTION}">'
        f'<input type="hidden" name="session" value="{escape(session_id)}">'
        f'<input type="hidden" name="step" value="decide">{choices}'
        '<button id="approve" type="submit" name="decision" value="approve">Zatwierdź</button> '
        '<button id="deny" type="submit" name="decision" value="deny">Odrzuć</button></form>',
    )


def sms_page(authorization: sqlite3.Row, *, error: str = "") -> str:
    kind = "Blokada" if authorization["operation_type"] == "BLOCKADE" else "Płatność"
    alert = f'<p id="error" role="alert">{escape(error)}</p>' if error else ""
    return _page(
        "autoryzacja operacji",
        f"<p>{kind} <strong>{escape(authorization['operation_id'])}</strong>: "
        f"{format_amount(authorization['amount'])} PLN, „{escape(authorization['title'])}”.</p>"
        f"<p>Wpisz kod SMS (w sandboksie zawsze 111111).</p>{alert}"
        f'<form method="post" action="{authorize_action(authorization["authorization_id"])}">'
        '<label>Kod SMS <input id="smsCode" name="smsCode" inputmode="numeric"></label> '
        '<button id="approve" type="submit" name="decision" value="approve">Autoryzuj</button> '
        '<button id="reject" type="submit" name="decision" value="reject">Odrzuć</button></form>',
    )


def message_page(text: str) -> str:
    return _page("informacja", f'<p id="message">{escape(text)}</p>')
