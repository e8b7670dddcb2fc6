"""Form assembly: a seeded draw of whole units that meets a blueprint exactly.

Import from here; the modules of this package hold the parts (`pool` what a draw needs
before any learner, `assemble` the draw as a whole, `draw` the greedy choice, `arrange` the
item and option order, `form` the result).
"""

from __future__ import annotations

from itembank.assembly.arrange import (
    ARRANGEMENT,
    ARRANGEMENTS,
    BY_DIGEST,
    BY_GENERATOR,
    arrange_form,
)
from itembank.assembly.assemble import assemble_form, draw_form
from itembank.assembly.form import Form, FormItem
from itembank.assembly.pool import AssemblyPool, prepare_pool
from itembank.blueprint.shortfall import BlueprintInfeasible

__all__ = [
    "ARRANGEMENT",
    "ARRANGEMENTS",
    "BY_DIGEST",
    "BY_GENERATOR",
    "AssemblyPool",
    "BlueprintInfeasible",
    "Form",
    "FormItem",
    "arrange_form",
    "assemble_form",
    "draw_form",
    "prepare_pool",
]
