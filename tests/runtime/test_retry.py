"""Backoff, classification, budgets and per-attempt timeouts of the retry layer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from nestbank_client import _call_timeout
from nestbank_client.api_errors import (
    APIConnectionError,
    NestBankError,
    error_from_response,
    transport_error,
)
from nestbank_client.client import Client
from nestbank_client.retry import (
    Attempt,
    RetryPolicy,
    Verdict,
    call_with_retries,
    call_with_retries_async,
)

REQUEST = httpx.Request("POST", "http://bank.test/payment")


def typed(error: httpx.HTTPError) -> APIConnectionError:
    """The error a generated operation raises for `error` (with it as the cause)."""
    try:
        raise transport_error(error) from error
    except APIConnectionError as raised:
        return raised


def bank_error(status: int, code: str, headers: dict[str, str] | None = None) -> NestBankError:
    body = {"error": code, "error_description": "opis"}
    response = httpx.Response(status, json=body, headers=headers, request=REQUEST)
    return error_from_response(response)


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def scripted(outcomes: list[BaseException | str]) -> tuple[Callable[[Attempt], str], list[Attempt]]:
    """A call that raises or returns the scripted outcomes in order, recording attempts."""
    seen: list[Attempt] = []

    def call(attempt: Attempt) -> str:
        seen.append(attempt)
        outcome = outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return call, seen


NO_JITTER = RetryPolicy(initial_delay=0.1, multiplier=2, max_delay=0.3, jitter=0)


def test_backoff_grows_exponentially_and_is_capped() -> None:
    assert [NO_JITTER.backoff(n) for n in (1, 2, 3, 4)] == pytest.approx([0.1, 0.2, 0.3, 0.3])


def test_jitter_takes_off_at_most_its_fraction() -> None:
    policy = RetryPolicy(initial_delay=1, jitter=0.5)
    assert policy.backoff(1, rand=lambda: 0.0) == 1.0
    assert policy.backoff(1, rand=lambda: 0.999) == pytest.approx(0.5005)
    spread = {policy.backoff(1) for _ in range(20)}
    assert len(spread) > 1 and all(0.5 <= d <= 1.0 for d in spread)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_attempts": 0}, "max_attempts"),
        ({"initial_delay": -1}, "delays"),
        ({"multiplier": 0.5}, "multiplier"),
        ({"jitter": 2}, "jitter"),
        ({"total_timeout": 0}, "total_timeout"),
        ({"attempt_timeout": 0}, "attempt_timeout"),
    ],
)
def test_policy_refuses_nonsense(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "verdict"),
    [
        (bank_error(429, "requests_limit_exceeded"), Verdict.RETRY_NOT_APPLIED),
        (bank_error(500, "internal.server.error"), Verdict.RETRY_MAYBE_APPLIED),
        (bank_error(503, "whatever"), Verdict.RETRY_MAYBE_APPLIED),
        (bank_error(501, "whatever"), Verdict.GIVE_UP),
        (bank_error(400, "parameters_error"), Verdict.GIVE_UP),
        (bank_error(401, "authorization_required"), Verdict.GIVE_UP),
        (bank_error(409, "order_exist_error"), Verdict.GIVE_UP),
        (httpx.ConnectError("refused"), Verdict.RETRY_NOT_APPLIED),
        (httpx.ConnectTimeout("slow"), Verdict.RETRY_NOT_APPLIED),
        (httpx.ReadTimeout("slow"), Verdict.RETRY_MAYBE_APPLIED),
        (httpx.RemoteProtocolError("dropped"), Verdict.RETRY_MAYBE_APPLIED),
        (httpx.ReadError("reset"), Verdict.RETRY_MAYBE_APPLIED),
        (ValueError("bug"), Verdict.GIVE_UP),
        # What the generated operations raise: the typed errors, judged by their cause.
        (typed(httpx.ConnectError("refused")), Verdict.RETRY_NOT_APPLIED),
        (typed(httpx.ConnectTimeout("slow")), Verdict.RETRY_NOT_APPLIED),
        (typed(httpx.PoolTimeout("busy")), Verdict.RETRY_NOT_APPLIED),
        (typed(httpx.ReadTimeout("slow")), Verdict.RETRY_MAYBE_APPLIED),
        (typed(httpx.RemoteProtocolError("dropped")), Verdict.RETRY_MAYBE_APPLIED),
        (typed(httpx.WriteError("broken pipe")), Verdict.RETRY_MAYBE_APPLIED),
    ],
)
def test_classification(error: BaseException, verdict: Verdict) -> None:
    assert RetryPolicy().classify(error) is verdict


def test_retries_until_success_with_growing_waits() -> None:
    time = FakeTime()
    call, seen = scripted([bank_error(500, "internal.server.error"), httpx.ConnectError("x"), "ok"])
    result = call_with_retries(call, NO_JITTER, sleep=time.sleep, clock=time.clock)
    assert result == "ok"
    assert time.sleeps == pytest.approx([0.1, 0.2])
    assert [a.number for a in seen] == [1, 2, 3]


def test_maybe_applied_is_set_only_by_failures_that_may_have_reached_the_bank() -> None:
    time = FakeTime()
    outcomes: list[BaseException | str] = [
        bank_error(429, "requests_limit_exceeded"),
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("dropped"),
        "ok",
    ]
    call, seen = scripted(outcomes)
    call_with_retries(call, NO_JITTER, sleep=time.sleep, clock=time.clock)
    assert [a.maybe_applied for a in seen] == [False, False, False, True]


def test_gives_up_after_max_attempts_and_raises_the_last_error_with_a_note() -> None:
    time = FakeTime()
    errors = [bank_error(500, "internal.server.error") for _ in range(3)]
    call, seen = scripted(list(errors))
    policy = RetryPolicy(max_attempts=3, jitter=0, initial_delay=0.01)
    with pytest.raises(NestBankError) as caught:
        call_with_retries(call, policy, sleep=time.sleep, clock=time.clock, operation="op")
    assert caught.value is errors[-1]
    assert len(seen) == 3
    assert any("gave up on op after 3 attempt(s)" in note for note in caught.value.__notes__)


def test_non_retryable_error_is_raised_at_once() -> None:
    time = FakeTime()
    call, seen = scripted([bank_error(400, "parameters_error"), "never"])
    with pytest.raises(NestBankError, match="parameters_error"):
        call_with_retries(call, NO_JITTER, sleep=time.sleep, clock=time.clock)
    assert len(seen) == 1 and time.sleeps == []


def test_retry_after_is_honoured() -> None:
    time = FakeTime()
    limited = bank_error(429, "requests_limit_exceeded", {"Retry-After": "3"})
    call, _ = scripted([limited, "ok"])
    call_with_retries(call, NO_JITTER, sleep=time.sleep, clock=time.clock)
    assert time.sleeps == [3.0]


def test_a_wait_past_the_budget_gives_up_instead_of_sleeping() -> None:
    time = FakeTime()
    limited = bank_error(429, "requests_limit_exceeded", {"Retry-After": "120"})
    call, seen = scripted([limited, "never"])
    with pytest.raises(NestBankError):
        call_with_retries(call, RetryPolicy(total_timeout=30), sleep=time.sleep, clock=time.clock)
    assert time.sleeps == [] and len(seen) == 1


def test_per_call_timeout_overrides_the_policy_budget() -> None:
    time = FakeTime()
    call, seen = scripted([httpx.ConnectError("x")] * 10)
    policy = RetryPolicy(max_attempts=10, initial_delay=1, multiplier=1, jitter=0)
    with pytest.raises(httpx.ConnectError):
        call_with_retries(call, policy, timeout=2.5, sleep=time.sleep, clock=time.clock)
    assert len(seen) == 3  # waits at 1 s and 2 s; a third wait would end at 3 s > 2.5 s
    with pytest.raises(ValueError, match="timeout"):
        call_with_retries(call, policy, timeout=0)


def test_async_retries_the_same_way() -> None:
    time = FakeTime()
    outcomes: list[BaseException | str] = [httpx.ReadTimeout("slow"), "ok"]
    seen: list[Attempt] = []

    async def call(attempt: Attempt) -> str:
        seen.append(attempt)
        outcome = outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    result = asyncio.run(
        call_with_retries_async(call, NO_JITTER, sleep=time.async_sleep, clock=time.clock)
    )
    assert result == "ok"
    assert [(a.number, a.maybe_applied) for a in seen] == [(1, False), (2, True)]
    assert time.sleeps == pytest.approx([0.1])


def recording_client() -> tuple[Client, list[dict[str, float | None]]]:
    seen: list[dict[str, float | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.extensions["timeout"]))
        return httpx.Response(204)

    transport = httpx.MockTransport(handler)
    client = Client(
        base_url="http://bank.test",
        timeout=httpx.Timeout(30.0, connect=2.0),
        httpx_args={"transport": transport},
    )
    return client, seen


def test_each_request_gets_the_attempt_timeout_unless_the_client_is_stricter() -> None:
    client, seen = recording_client()
    _call_timeout.install_sync(client)
    _call_timeout.install_sync(client)  # idempotent
    http = client.get_httpx_client()
    assert len(http.event_hooks["request"]) == 1
    http.get("/a")
    call_with_retries(lambda _: http.get("/b"), RetryPolicy(attempt_timeout=5.0))
    call_with_retries(lambda _: http.get("/c"), RetryPolicy(attempt_timeout=5.0), timeout=0.5)
    assert seen[0] == {"connect": 2.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    assert seen[1] == {"connect": 2.0, "read": 5.0, "write": 5.0, "pool": 5.0}
    assert seen[2]["read"] is not None and 0.4 < seen[2]["read"] <= 0.5


def test_async_requests_get_the_attempt_timeout() -> None:
    client, seen = recording_client()
    _call_timeout.install_async(client)
    http = client.get_async_httpx_client()

    async def run() -> None:
        async def call(_: Attempt) -> httpx.Response:
            return await http.get("/b")

        await call_with_retries_async(call, RetryPolicy(attempt_timeout=4.0))

    asyncio.run(run())
    assert seen == [{"connect": 2.0, "read": 4.0, "write": 4.0, "pool": 4.0}]
