"""Write response, key and groups files (long or wide CSV) from simulated Rasch responses.

Item ``I3`` is harder by ``dif`` logits for the focal group ``F`` than for equally able
reference examinees ``R`` (uniform DIF); every other item behaves alike in both groups.
Item ``I99`` is keyed but nobody is shown it; odd examinees are not shown ``I11``; about 2%
of the shown items are left unanswered (blank).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DIF_ITEM = 3


@dataclass(frozen=True)
class ResponseFiles:
    responses: str
    key: str
    groups: str
    right: np.ndarray
    shown: np.ndarray
    answered: np.ndarray


def simulate_files(
    n: int = 600, k: int = 12, *, seed: int = 1, dif: float = 1.5, layout: str = "long"
) -> ResponseFiles:
    rng = np.random.default_rng(seed)
    theta = rng.normal(0.0, 1.0, n)
    b = np.linspace(-1.5, 1.5, k)
    group = np.where(np.arange(n) % 2 == 0, "R", "F")
    shift = np.zeros((n, k))
    shift[group == "F", DIF_ITEM] = dif
    right = rng.random((n, k)) < 1.0 / (1.0 + np.exp(-(theta[:, None] - b[None, :] - shift)))
    shown = np.ones((n, k), dtype=bool)
    shown[1::2, k - 1] = False
    answered = rng.random((n, k)) >= 0.02
    wrong = np.array(list("BCD"))[rng.integers(0, 3, (n, k))]
    chosen = np.where(right, "A", wrong)
    chosen = np.where(answered, chosen, "")
    if layout == "long":
        lines = ["examinee_id,item_id,chosen_option"]
        for i in range(n):
            lines += [f"E{i},I{j},{chosen[i, j]}" for j in range(k) if shown[i, j]]
    else:
        lines = ["examinee_id," + ",".join(f"I{j}" for j in range(k))]
        for i in range(n):
            cells = [chosen[i, j] if shown[i, j] else "NA" for j in range(k)]
            lines.append(f"E{i}," + ",".join(cells))
    key = ["item_id,key,n_options,domain"]
    key += [f"I{j},A,4,D{j % 2}" for j in range(k)] + ["I99,A,4,D0"]
    groups = ["examinee_id,group"] + [f"E{i},{group[i]}" for i in range(n)]
    return ResponseFiles(
        responses="\n".join(lines) + "\n",
        key="\n".join(key) + "\n",
        groups="\n".join(groups) + "\n",
        right=right & answered,
        shown=shown,
        answered=answered & shown,
    )
