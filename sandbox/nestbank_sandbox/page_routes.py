"""Routes of the sandbox's browser pages: the consent form and the SMS approval page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from . import authorizations, oauth, page_html
from .bodies import BadBody, read_body
from .context import Services
from .control_guard import ControlError, check_same_site, control_error
from .tenants import client_now

MAX_FORM_BYTES = 64 * 1024


async def _form(request: Request, timeout: float) -> dict[str, str]:
    """A small url-encoded form (no multipart: the pages never send files); an empty one
    if the body is too large or too slow (the page then says what is missing)."""
    try:
        raw = await read_body(request, timeout, MAX_FORM_BYTES)
    except BadBody:
        return {}
    return dict(parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True))


def _cross_site(request: Request) -> Response | None:
    """A form POST from another web page is refused, as the controls refuse one: the
    consent and SMS code forms are public, so another site could otherwise pair or approve."""
    try:
        check_same_site(request)
    except ControlError as error:
        return control_error(error)
    return None


@dataclass
class BrowserPages:
    services: Services

    def routes(self) -> list[Route]:
        return [
            Route(page_html.CONSENT_ACTION, self.consent, methods=["POST"]),
            Route("/_pages/authorize/{authorizationId}", self.sms_page, methods=["GET", "POST"]),
        ]

    async def consent(self, request: Request) -> Response:
        if refused := _cross_site(request):
            return refused
        return oauth.consent_step(
            self.services, await _form(request, self.services.settings.body_timeout)
        )

    async def sms_page(self, request: Request) -> Response:
        authorization_id = request.path_params["authorizationId"]
        services = self.services
        with services.db.transaction() as conn:
            row = conn.execute(
                "SELECT * FROM authorizations WHERE authorization_id = ?", (authorization_id,)
            ).fetchone()
            status = (
                None
                if row is None
                else authorizations.current_status(
                    conn, row, client_now(services.clock, conn, row["client_id"])
                )
            )
        if row is None:
            return HTMLResponse(page_html.message_page("Nie ma takiej autoryzacji."), 404)
        if status != "PENDING":
            return HTMLResponse(page_html.message_page(f"Autoryzacja zakończona: {status}."), 409)
        if request.method == "GET":
            return HTMLResponse(page_html.sms_page(row))
        if refused := _cross_site(request):
            return refused
        form = await _form(request, self.services.settings.body_timeout)
        approve = form.get("decision") == "approve"
        if approve and form.get("smsCode", "").strip() != services.settings.sms_code:
            if not authorizations.record_wrong_code(services, authorization_id):
                return HTMLResponse(page_html.sms_page(row, error="Nieprawidłowy kod SMS."))
            return RedirectResponse(authorizations.callback_url(row, "FAILED"), 302)
        try:
            row, status = authorizations.decide(
                services, authorization_id, approve, row["client_id"]
            )
        except (LookupError, ValueError):
            return HTMLResponse(
                page_html.message_page("Autoryzacja nie czeka już na decyzję."), 409
            )
        return RedirectResponse(authorizations.callback_url(row, status), 302)
