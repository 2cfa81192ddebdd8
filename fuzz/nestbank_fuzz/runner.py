"""Runs schemathesis's engine over a prepared schema and collects what the suite reports.

One code path for `make test` (pytest), `make fuzz` (nestbank_fuzz/cli.py), the mutation tests
and the benchmark: the engine's events are folded into a `FuzzOutcome` (cases per phase,
unique check failures with a curl reproduction, errors) and, when asked, a JUnit report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CheckFailure:
    """One unique failure of one check."""

    phase: str
    operation: str
    check: str
    title: str
    message: str
    # A curl command reproducing the request; the access_token header is masked.
    reproduction: str

    def describe(self) -> str:
        lines = [f"[{self.check}] {self.operation} ({self.phase}): {self.title}"]
        lines += [f"    {line}" for line in self.message.strip().splitlines() if line.strip()]
        if self.reproduction:
            lines += [f"    | {line}" for line in self.reproduction.splitlines()]
        return "\n".join(lines)


@dataclass
class FuzzOutcome:
    seed: int
    elapsed_seconds: float = 0.0
    stop_reason: str = "not started"
    cases_by_phase: dict[str, int] = field(default_factory=dict)
    skipped_phases: dict[str, str] = field(default_factory=dict)
    failures: list[CheckFailure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def total_cases(self) -> int:
        return sum(self.cases_by_phase.values())

    @property
    def cases_per_second(self) -> float:
        return self.total_cases / self.elapsed_seconds if self.elapsed_seconds > 0 else 0.0

    @property
    def passed(self) -> bool:
        return not self.failures and not self.errors

    def failed_checks(self) -> set[str]:
        return {failure.check for failure in self.failures}

    def summary(self) -> str:
        phases = ", ".join(f"{name} {count}" for name, count in self.cases_by_phase.items())
        lines = [
            f"schemathesis: {self.total_cases} cases in {self.elapsed_seconds:.1f} s "
            f"({self.cases_per_second:.0f} cases/s), stop: {self.stop_reason}",
            f"cases per phase: {phases or 'none'}",
        ]
        lines += [f"phase {name} skipped: {reason}" for name, reason in self.skipped_phases.items()]
        lines.append(f"{len(self.failures)} failure(s), {len(self.errors)} error(s)")
        lines += [failure.describe() for failure in self.failures]
        lines += [f"[error] {error}" for error in self.errors]
        lines.append(f"reproduce with: FUZZ_SEED={self.seed} (or --seed {self.seed})")
        return "\n".join(lines)


class _JunitReport:
    """Feeds schemathesis's own JUnit writer, as its CLI does."""

    def __init__(self, path: Path, output_config: Any) -> None:
        from schemathesis.engine.statistic import Statistic
        from schemathesis.reporting.junitxml import JunitXmlWriter

        path.parent.mkdir(parents=True, exist_ok=True)
        self._statistic = Statistic()
        self._writer = JunitXmlWriter(path)
        self._output_config = output_config

    def on_event(self, event: Any) -> None:
        from schemathesis.engine import events
        from schemathesis.reporting.recorders import scenario_records

        if isinstance(event, events.ScenarioFinished):
            self._statistic.on_scenario_finished(event.recorder)
        elif isinstance(event, events.EngineFinished) and event.failures:
            self._statistic.record_run_check_failures(event.failures, label="Run checks")
        for record in scenario_records(self._statistic, event):
            self._writer.record_scenario(
                label=record.label,
                elapsed_sec=record.elapsed_sec,
                failures=record.failures,
                skip_reason=record.skip_reason,
                config=self._output_config,
            )
        if isinstance(event, events.NonFatalError):
            self._writer.record_error(label=event.label, message=event.info.format())

    def close(self) -> None:
        self._writer.unskip(self._statistic.tested_operations)
        self._writer.close()


def _collect_failures(event: Any, outcome: FuzzOutcome, seen: set[tuple[str, ...]]) -> None:
    recorder = event.recorder
    for case_id, checks in recorder.checks.items():
        node = recorder.cases.get(case_id)
        operation = node.value.operation.label if node is not None else recorder.label
        for check in checks:
            info = check.failure_info
            if info is None:
                continue
            failure = info.failure
            key = (operation, check.name, failure.title, failure.message)
            if key in seen:
                continue
            seen.add(key)
            outcome.failures.append(
                CheckFailure(
                    phase=str(event.phase.value),
                    operation=operation,
                    check=check.name,
                    title=str(failure.title),
                    message=str(failure.message),
                    reproduction=str(info.code_sample or ""),
                )
            )


def execute(schema: Any, *, junit_path: Path | None = None) -> FuzzOutcome:
    """Run every enabled phase of `schema` and collect the outcome."""
    from schemathesis.engine import events, from_schema

    outcome = FuzzOutcome(seed=int(schema.config.seed))
    junit = _JunitReport(junit_path, schema.config.output) if junit_path is not None else None
    seen: set[tuple[str, ...]] = set()
    started = time.perf_counter()
    try:
        for event in from_schema(schema).execute():
            if junit is not None:
                junit.on_event(event)
            if isinstance(event, events.ScenarioFinished):
                phase = str(event.phase.value)
                outcome.cases_by_phase[phase] = outcome.cases_by_phase.get(phase, 0) + len(
                    event.recorder.cases
                )
                _collect_failures(event, outcome, seen)
            elif isinstance(event, events.PhaseFinished) and event.phase.skip_reason is not None:
                outcome.skipped_phases[str(event.phase.name.value)] = str(
                    event.phase.skip_reason.value
                )
            elif isinstance(event, events.NonFatalError):
                outcome.errors.append(f"{event.label}: {event.info.format()}")
            elif isinstance(event, events.FatalError):
                outcome.errors.append(f"fatal: {event.exception}")
            elif isinstance(event, events.EngineFinished):
                outcome.stop_reason = str(event.stop_reason.value)
                for failure in event.failures:
                    outcome.failures.append(
                        CheckFailure(
                            "run",
                            str(failure.operation),
                            "after_run",
                            str(failure.title),
                            str(failure.message),
                            "",
                        )
                    )
    finally:
        outcome.elapsed_seconds = time.perf_counter() - started
        if junit is not None:
            junit.close()
    return outcome
