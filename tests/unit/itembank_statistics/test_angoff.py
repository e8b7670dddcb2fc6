"""Modified Angoff: the cut and its SE against a hand computation, the disagreement list,
and validation that lists every problem with panelist, item and reason."""

from __future__ import annotations

import math

import pytest

from itembank.statistics import AngoffRating, InvalidRatingsError, angoff_cut

ITEMS = ["q1", "q2", "q3", "q4"]
TABLE = {
    "ann": (0.6, 0.7, 0.5, 0.9),  # sum 2.7
    "bob": (0.5, 0.8, 0.4, 0.9),  # sum 2.6
    "cy": (0.7, 0.6, 0.2, 0.8),  # sum 2.3
}


def ratings() -> list[AngoffRating]:
    return [
        AngoffRating(panelist_id=p, item_id=item, rating=r)
        for p, row in TABLE.items()
        for item, r in zip(ITEMS, row, strict=True)
    ]


def test_cut_and_standard_error_by_hand() -> None:
    result = angoff_cut(ratings(), ITEMS)
    assert result.panelists == 3 and result.items == 4
    # mean of 2.7, 2.6, 2.3 = 7.6 / 3
    assert result.cut_raw == pytest.approx(7.6 / 3, abs=1e-12)
    assert result.cut_percent == pytest.approx(100 * 7.6 / 3 / 4, abs=1e-10)  # 63.33 %
    # deviations 1/6, 1/15, -7/30; sum of squares 0.0866667; / (n - 1) = 0.0433333
    mean = 7.6 / 3
    sd = math.sqrt(((2.7 - mean) ** 2 + (2.6 - mean) ** 2 + (2.3 - mean) ** 2) / 2)
    assert result.standard_error_raw == pytest.approx(sd / math.sqrt(3), abs=1e-9)
    assert result.standard_error_raw == pytest.approx(0.120185, abs=1e-6)
    assert result.standard_error_percent == pytest.approx(100 * 0.120185 / 4, abs=1e-4)
    assert [c.cut_raw for c in result.panelist_cuts] == pytest.approx([2.7, 2.6, 2.3])
    q3 = result.item_ratings[2]
    assert q3.mean == pytest.approx(1.1 / 3) and q3.minimum == 0.2 and q3.maximum == 0.5
    assert q3.sd == pytest.approx(0.152753, abs=1e-6)  # sqrt(0.0466667 / 2)
    # q3 (SD 0.153), then q1 and q2 (SD 0.1, item order), then q4 (0.058)
    assert [i.item_id for i in result.most_disagreement] == ["q3", "q1", "q2", "q4"]
    assert [
        i.item_id for i in angoff_cut(ratings(), ITEMS, disagreement_items=1).most_disagreement
    ] == ["q3"]


def test_a_single_panelist_has_no_spread() -> None:
    one = [r for r in ratings() if r.panelist_id == "ann"]
    result = angoff_cut(one, ITEMS)
    assert result.cut_raw == pytest.approx(2.7)
    assert result.standard_error_raw is None and result.standard_error_percent is None
    assert all(item.sd is None for item in result.item_ratings)
    assert result.most_disagreement == []


def test_every_problem_is_listed() -> None:
    bad = ratings()
    bad[0] = AngoffRating(panelist_id="ann", item_id="q1", rating=1.2)
    bad[5] = AngoffRating(panelist_id="bob", item_id="q2", rating=math.nan)
    bad.append(AngoffRating(panelist_id="cy", item_id="q9", rating=0.5))
    bad.append(AngoffRating(panelist_id="cy", item_id="q3", rating=0.3))
    bad = [r for r in bad if not (r.panelist_id == "bob" and r.item_id == "q4")]
    with pytest.raises(InvalidRatingsError) as error:
        angoff_cut(bad, ITEMS)
    found = {(p.panelist_id, p.item_id, p.reason) for p in error.value.problems}
    assert found == {
        ("ann", "q1", "rating 1.2 is outside 0..1 (a probability)"),
        ("bob", "q2", "rating nan is not a number"),
        ("cy", "q9", "the item is not on the exam"),
        ("cy", "q3", "rated twice by the same panelist"),
        ("bob", "q4", "no rating"),
    }
    assert "5 problem(s)" in str(error.value)


def test_no_ratings_at_all() -> None:
    with pytest.raises(InvalidRatingsError) as error:
        angoff_cut([], ITEMS)
    assert [p.reason for p in error.value.problems] == ["no ratings"]
