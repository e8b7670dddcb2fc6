"""A form: the ordered items one attempt shows, each with the order of its options."""

from __future__ import annotations

from dataclasses import dataclass

from itembank.items import Kind


@dataclass(frozen=True, slots=True)
class FormItem:
    """One item on a form; `option_order` is the order its options are shown in."""

    revision_id: str
    item_id: str
    domain: str
    kind: Kind
    item_set_id: str | None
    option_order: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Form:
    """The items of one attempt in delivery order, the seed that ordered them, and how
    (`itembank.assembly.arrange`: which arrangement derived the option orders)."""

    seed: int
    items: tuple[FormItem, ...]
    arrangement: int

    @property
    def revision_ids(self) -> tuple[str, ...]:
        return tuple(item.revision_id for item in self.items)
