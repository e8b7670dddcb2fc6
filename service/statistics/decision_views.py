"""The decision sections on the wire: the core's dataclasses converted by attribute, with
item labels (revision ids in an exam's analysis) replaced by what a reader knows the item as."""

from __future__ import annotations

import msgspec

from itembank.statistics import DecisionReport
from service.statistics.decision_schemas import DecisionsOut, DifOut, TwoPLOut
from service.statistics.units import fraction


def decisions_out(report: DecisionReport, names: dict[str, str] | None = None) -> DecisionsOut:
    """The core keeps its cut in percent; the wire carries it as a fraction (issue 12)."""
    wire = msgspec.convert(report, DecisionsOut, from_attributes=True)
    wire = msgspec.structs.replace(wire, cut_score=fraction(report.cut_percent))
    if not names:
        return wire
    two_pl = msgspec.structs.replace(
        wire.two_pl,
        items=[
            msgspec.structs.replace(item, item_id=names.get(item.item_id, item.item_id))
            for item in wire.two_pl.items
        ],
    )
    dif = [
        msgspec.structs.replace(
            analysis,
            items=[
                msgspec.structs.replace(item, item_id=names.get(item.item_id, item.item_id))
                for item in analysis.items
            ],
        )
        for analysis in wire.dif
    ]
    return msgspec.structs.replace(wire, two_pl=two_pl, dif=dif)


__all__ = ["DecisionsOut", "DifOut", "TwoPLOut", "decisions_out"]
