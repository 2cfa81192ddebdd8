"""What the breaking-change checker reports: one ``Change`` per rule and location."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Side = Literal["request", "response", "operation"]


@dataclass(frozen=True)
class Change:
    """One classified difference between the base spec and the working copy.

    ``location`` is the component that changed (``#/components/schemas/Title``)
    when the change sits in a shared component, otherwise a place inside one
    operation (``createBlockade/request/application/json/properties/title``).
    ``operations`` lists every operation the change reaches.
    """

    rule: str
    location: str
    side: Side
    breaking: bool
    message: str
    operations: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Stable identifier used in ``spec/breaking-changes-ack.yaml``."""
        return f"{self.rule}@{self.location}"


@dataclass
class Findings:
    """Collects raw findings; the same change reached through several operations is merged."""

    _by_key: dict[tuple[str, str, str], Change] = field(default_factory=dict)

    def add(
        self, rule: str, location: str, side: Side, breaking: bool, message: str, operation: str
    ) -> None:
        key = (rule, location, message)
        old = self._by_key.get(key)
        if old is None:
            self._by_key[key] = Change(rule, location, side, breaking, message, (operation,))
            return
        operations = old.operations
        if operation not in operations:
            operations = (*operations, operation)
        self._by_key[key] = Change(
            rule, location, side, old.breaking or breaking, message, operations
        )

    def changes(self) -> list[Change]:
        return sorted(self._by_key.values(), key=lambda c: (not c.breaking, c.side, c.id))
