"""Per-revision scoring rules for statistics: dichotomous, whatever the exam's scoring.

Classical item analysis and the Rasch model need 0/1 scores, so an item counts as correct
only when exactly its keys were chosen (a partially right multiple-response answer is 0
here even when the exam gave partial credit). Unanswered (``chosen == []``) is 0. Only
single-answer items get a choice code for the distractor analysis. The 0/1 rule itself is
the core's (`itembank.scoring.dichotomous_score`), the same one attempt scoring uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from itembank import ItemContent, ResponseFormat
from itembank.scoring import dichotomous_score
from itembank.statistics import OMITTED, ItemOptions

INVALID_CHOICE = -2
"""A single-answer response naming several or unknown options: no distractor analysis."""


@dataclass(frozen=True, slots=True)
class RevisionKey:
    option_ids: tuple[str, ...]
    keys: frozenset[str]
    single: bool
    domain: str
    kind: str

    @classmethod
    def of(cls, content: ItemContent) -> RevisionKey:
        """The scoring facts of a revision's content (decoded once by the statistics store)."""
        keys = frozenset(content.keys)
        return cls(
            option_ids=tuple(option.id for option in content.options),
            keys=keys,
            single=content.response_format is ResponseFormat.SINGLE and len(keys) == 1,
            domain=content.domain,
            kind=content.kind.value,
        )

    def score(self, chosen: list[str]) -> int:
        return dichotomous_score(self.keys, chosen)

    def choice(self, chosen: list[str]) -> int:
        if not self.single:
            return INVALID_CHOICE
        if not chosen:
            return OMITTED
        if len(chosen) == 1 and chosen[0] in self.option_ids:
            return self.option_ids.index(chosen[0])
        return INVALID_CHOICE

    def item_options(self) -> ItemOptions:
        return ItemOptions(option_ids=self.option_ids, key_option_ids=self.keys)
