"""Reading response, key and groups files: both layouts give the same matrices, unseen and
unanswered stay distinct, and every problem of every file is listed with file, line, field."""

from __future__ import annotations

import numpy as np
import pytest

from itembank.statistics import (
    OMITTED,
    DifSettings,
    ResponseFilesInvalid,
    StatisticsSettings,
    analyse_exam,
    calibrate_2pl,
    mantel_haenszel_dif,
    read_response_files,
)

KEY = "item_id,key,n_options\nq1,B,4\nq2,A;C,3\nq3,2,4\nq4,D,4\n"
LONG = """examinee_id,item_id,chosen_option
e1,q1,B
e1,q2,c
e1,q3,
e2,q1,A
e2,q3,2
e3,q2,B
e3,q3,4
e3,q1,B
"""
WIDE = """examinee_id,q1,q2,q3
e1,B,c,
e2,A,NA,2
e3,B,B,4
"""
GROUPS = "examinee_id,group\ne1,north\ne3,south\n"


def test_long_file_keeps_unseen_and_unanswered_apart() -> None:
    result = read_response_files(LONG, KEY, GROUPS)
    data = result.responses
    assert result.layout == "long"
    assert result.examinee_ids == ("e1", "e2", "e3")
    assert data.item_ids == ("q1", "q2", "q3")
    assert result.unseen_items == ("q4",)
    assert data.presented is not None
    assert data.presented.tolist() == [[True, True, True], [True, False, True], [True] * 3]
    # e1 left q3 blank: presented, unanswered, scored 0; e2 never saw q2
    assert data.scores.tolist() == [[1, 1, 0], [0, 0, 1], [1, 0, 0]]
    assert data.choices is not None
    assert data.choices.tolist() == [[1, 2, OMITTED], [0, OMITTED, 1], [1, 1, 3]]
    assert data.item_options is not None
    assert data.item_options[1].option_ids == ("A", "B", "C")
    assert data.item_options[1].key_option_ids == frozenset({"A", "C"})
    assert data.item_options[2].option_ids == ("1", "2", "3", "4")
    assert result.groups == ("north", None, "south")
    analysis = analyse_exam(data, StatisticsSettings(run_rasch=False))
    q2 = analysis.items[1]
    assert q2.n == 2 and q2.p == 0.5 and q2.n_answered == 2  # over the two who saw it
    q3 = analysis.items[2]
    assert q3.n == 3 and q3.n_answered == 2 and q3.p == pytest.approx(1 / 3)


def test_blank_rows_are_skipped_and_line_numbers_follow_the_physical_lines() -> None:
    responses = 'examinee_id,item_id,chosen_option\n,,\n\ne1,q1,"B"\ne1,q2,"\nA"\n,,\ne2,q1,Z\n'
    with pytest.raises(ResponseFilesInvalid) as error:
        read_response_files(responses, KEY)
    # the quoted cell spans lines 5-6, so e2's row starts on line 8 (after the blank ",,")
    assert [(p.line, p.field) for p in error.value.problems] == [(8, "chosen_option")]


def test_wide_file_gives_the_same_matrices() -> None:
    long = read_response_files(LONG, KEY).responses
    wide_file = read_response_files(WIDE, KEY)
    wide = wide_file.responses
    assert wide_file.layout == "wide" and wide_file.groups is None
    assert wide.item_ids == long.item_ids
    for name in ("scores", "presented", "choices"):
        assert np.array_equal(getattr(wide, name), getattr(long, name)), name


def test_separator_bom_case_and_options_without_a_count() -> None:
    key = "\ufeffITEM_ID;Key\nq1;b\nq2;A|C\n"
    responses = "Examinee_ID;Item_ID;Chosen_Option\ne1;q1;b\ne1;q2;D\ne2;q1;a\ne2;q2;a\n"
    data = read_response_files(responses, key).responses
    assert data.item_options is not None
    # without n_options the options are the key and whatever was chosen
    assert data.item_options[0].option_ids == ("A", "B")
    assert data.item_options[1].option_ids == ("A", "C", "D")
    assert data.scores.tolist() == [[1, 0], [0, 1]]
    assert data.presented is None  # everyone saw everything


def test_every_problem_of_every_file_is_listed() -> None:
    key = "item_id,key,n_options\nq1,B,4\nq1,C,4\nq2,,4\nq3,E,4\nq4,A,x\n"
    responses = (
        "examinee_id,item_id,chosen_option\n"
        "e1,q1,B\n"
        "e1,q1,C\n"  # line 3: second row for the same item
        ",q1,A\n"  # line 4: no examinee
        "e2,q9,A\n"  # line 5: not in the key
        "e2,q1,F\n"  # line 6: outside the 4 options
        "e3,q1,A,extra\n"  # line 7: too many cells
    )
    groups = "examinee_id,group\ne1,a\ne1,b\nzz,a\ne2,\n"
    with pytest.raises(ResponseFilesInvalid) as error:
        read_response_files(responses, key, groups)
    found = {(p.file, p.line, p.field) for p in error.value.problems}
    assert found == {
        ("key", 3, "item_id"),  # q1 keyed twice
        ("key", 4, "key"),  # empty key
        ("key", 5, "key"),  # E not among A-D
        ("key", 6, "n_options"),  # not a number
        ("responses", 3, "item_id"),
        ("responses", 4, "examinee_id"),
        ("responses", 5, "item_id"),
        ("responses", 6, "chosen_option"),
        ("responses", 7, None),
        ("groups", 3, "examinee_id"),  # e1 twice
        ("groups", 4, "examinee_id"),  # zz unknown
        ("groups", 5, "group"),  # empty group
    }
    reasons = {(p.file, p.line): p.reason for p in error.value.problems}
    assert "already has a row for item 'q1' on line 2" in reasons[("responses", 3)]
    assert "not one of the 4 options" in reasons[("responses", 6)]
    assert "already keyed on line 2" in reasons[("key", 3)]
    assert str(error.value).startswith("12 problem(s) in the files")


def test_header_and_csv_problems() -> None:
    with pytest.raises(ResponseFilesInvalid) as error:
        read_response_files("examinee,q1\ne1,A\n", "item_id,answer\nq1,A\n", "who,group\n")
    found = {(p.file, p.line, p.field) for p in error.value.problems}
    assert ("responses", 1, "examinee") in found  # neither layout
    assert ("key", 1, "key") in found and ("key", 1, "answer") in found
    assert ("groups", 1, "examinee_id") in found and ("groups", 1, "who") in found
    with pytest.raises(ResponseFilesInvalid) as error:
        read_response_files('examinee_id,item_id,chosen_option\ne1,q1,"B\n', KEY)
    assert [(p.file, p.line) for p in error.value.problems] == [("responses", 2)]
    assert "not valid CSV" in error.value.problems[0].reason
    # rows before the broken quote are not reported: the file is not CSV, that is all
    broken = 'examinee_id,item_id,chosen_option\ne1,q9,B\n,q1,A\ne2,q1,"B\n'
    with pytest.raises(ResponseFilesInvalid) as error:
        read_response_files(broken, KEY)
    assert [(p.file, p.line) for p in error.value.problems] == [("responses", 4)]
    with pytest.raises(ResponseFilesInvalid) as error:
        read_response_files("", "")
    assert {p.file for p in error.value.problems} == {"responses", "key"}


def test_wide_file_problems() -> None:
    wide = "examinee_id,q1,q1,zz,\ne1,A,B,C,\ne1,A,B,C,\ne2,NA,NA,NA,\ne3,A\n"
    with pytest.raises(ResponseFilesInvalid) as error:
        read_response_files(wide, KEY)
    found = {(p.line, p.field) for p in error.value.problems}
    assert found == {
        (1, "q1"),  # two columns
        (1, "zz"),  # not in the key
        (1, None),  # column without a name
        (3, "examinee_id"),  # e1 twice
        (4, None),  # shown nothing
        (5, None),  # wrong width
    }


def test_a_response_file_feeds_the_whole_analysis() -> None:
    """From CSV text to the classical report, the 2PL and DIF by the file's groups."""
    rng = np.random.default_rng(9)
    n, k = 600, 8
    theta = rng.normal(size=n)
    b = np.linspace(-1.5, 1.5, k)
    right = rng.random((n, k)) < 1 / (1 + np.exp(-(theta[:, None] - b)))
    seen = rng.random((n, k)) < 0.9
    key = "item_id,key,n_options\n" + "".join(f"item{j},C,4\n" for j in range(k))
    rows = ["examinee_id,item_id,chosen_option"]
    for i in range(n):
        for j in range(k):
            if seen[i, j]:
                chosen = "C" if right[i, j] else ("A", "B", "D", "")[rng.integers(4)]
                rows.append(f"p{i},item{j},{chosen}")
    groups = "examinee_id,group\n" + "".join(f"p{i},{'x' if i % 2 else 'y'}\n" for i in range(n))
    result = read_response_files("\n".join(rows), key, groups)
    data = result.responses
    assert data.n_examinees == n and data.presented is not None
    assert np.array_equal(data.presented, seen)
    assert np.array_equal(data.scores.astype(bool), right & seen)
    analysis = analyse_exam(data, StatisticsSettings())
    assert analysis.rasch is not None and analysis.rasch.estimable
    assert [item.n for item in analysis.items] == seen.sum(axis=0).tolist()
    assert calibrate_2pl(data).estimable
    assert result.groups is not None
    dif = mantel_haenszel_dif(
        data,
        result.groups,
        reference="y",
        focal="x",
        settings=DifSettings(min_reference=50, min_focal=50),
    )
    assert all(item.status == "ok" for item in dif.items)


def test_each_repeated_row_is_reported_against_the_first() -> None:
    responses = (
        "examinee_id,item_id,chosen_option\ne1,q1,B\ne2,q1,A\ne1,q2,A\ne1,q1,C\ne2,q2,B\ne1,q1,\n"
    )
    with pytest.raises(ResponseFilesInvalid) as error:
        read_response_files(responses, KEY)
    assert [(p.line, p.reason) for p in error.value.problems] == [
        (5, "examinee 'e1' already has a row for item 'q1' on line 2"),
        (7, "examinee 'e1' already has a row for item 'q1' on line 2"),
    ]
