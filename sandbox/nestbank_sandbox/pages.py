"""HTML of the sandbox's browser pages: pairing consent and SMS approval (Polish, minimal)."""

from __future__ import annotations

import sqlite3
from html import escape

from .money import format_amount

CONSENT_ACTION = "/_pages/consent"


def authorize_action(authorization_id: str) -> str:
    return f"/_pages/authorize/{authorization_id}"


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="pl"><head><meta charset="utf-8">'
        f"<title>Nest Bank: {escape(title)}</title></head><body>"
        f"<h1>Nest Bank (sandbox)</h1><h2>{escape(title)}</h2>{body}</body></html>"
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
