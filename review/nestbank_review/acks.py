"""Acknowledged breaking changes: ``spec/breaking-changes-ack.yaml``.

Format (documented in docs/review.md)::

    acknowledged:
      - id: request-max-length-decreased@#/components/schemas/Title
        reason: The bank's core system cuts titles above 100 characters (NB-123).

``id`` is a change id exactly as the review prints it; ``reason`` is required. An
empty file, or ``acknowledged: []``, acknowledges nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from nestbank_review.changes import Change
from nestbank_review.errors import ReviewError

ACK_FILE = "spec/breaking-changes-ack.yaml"


@dataclass(frozen=True)
class Ack:
    id: str
    reason: str


@dataclass(frozen=True)
class AckResult:
    unacknowledged: list[Change]
    acknowledged: list[tuple[Change, Ack]]
    unused: list[Ack]


def load_acks(path: Path) -> list[Ack]:
    """The acknowledgements in ``path``; none when the file does not exist."""
    if not path.exists():
        return []
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReviewError(f"{path}: cannot read acknowledgements: {exc}") from exc
    if doc is None:
        return []
    if not isinstance(doc, dict) or set(doc) - {"acknowledged"}:
        raise ReviewError(f"{path}: expected a mapping with the single key 'acknowledged'")
    items = doc.get("acknowledged") or []
    if not isinstance(items, list):
        raise ReviewError(f"{path}: 'acknowledged' must be a list")
    acks = []
    for index, item in enumerate(items):
        where = f"{path}: acknowledged[{index}]"
        if not isinstance(item, dict) or set(item) - {"id", "reason"}:
            raise ReviewError(f"{where}: expected a mapping with keys 'id' and 'reason'")
        ack_id, reason = item.get("id"), item.get("reason")
        if not isinstance(ack_id, str) or not ack_id.strip():
            raise ReviewError(f"{where}: 'id' must be a change id such as rule@location")
        if not isinstance(reason, str) or not reason.strip():
            raise ReviewError(f"{where}: 'reason' is required: say why the break is accepted")
        acks.append(Ack(ack_id.strip(), reason.strip()))
    return acks


def apply_acks(changes: list[Change], acks: list[Ack]) -> AckResult:
    by_id = {ack.id: ack for ack in acks}
    used: set[str] = set()
    unacknowledged: list[Change] = []
    acknowledged: list[tuple[Change, Ack]] = []
    for change in changes:
        if not change.breaking:
            continue
        ack = by_id.get(change.id)
        if ack is None:
            unacknowledged.append(change)
        else:
            acknowledged.append((change, ack))
            used.add(ack.id)
    unused = [ack for ack in acks if ack.id not in used]
    return AckResult(unacknowledged, acknowledged, unused)
