"""The pure rules of ``accredo issuer move``: valid origins, clashes, which origin a Host names,
what a move does, and under which base our verifiers place a credential."""

from __future__ import annotations

import pytest

from service.origins.placing import issuing_base
from service.origins.rules import (
    Recorded,
    clashes,
    move_problems,
    names,
    normalise,
    origin_named,
    origin_problems,
    plan_move,
)
from service.settings import Settings

OLD = "https://old.example"
NEW = "https://new.example"


@pytest.mark.parametrize(
    "url",
    ["https://new.example", "http://127.0.0.1:8000", "https://new.example/", "http://[::1]:8000"],
)
def test_an_origin_is_scheme_host_and_optional_port(url: str) -> None:
    assert origin_problems(url, "to") == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://new.example", "http:// or https://"),
        ("new.example", "http:// or https://"),
        ("https://", "names no host"),
        ("https://new.example/credentials", "no path"),
        ("https://new.example?x=1", "no query"),
        ("https://new.example#top", "no query or fragment"),
        ("https://ada:secret@new.example", "user name or password"),
        ("https://new.example:99999", "not a URL"),
        ("https://" + "a" * 300 + ".example", "longer than 300"),
    ],
)
def test_anything_else_is_refused_with_its_reason(url: str, reason: str) -> None:
    problems = origin_problems(url, "to")
    assert problems and all(p.field == "to" for p in problems)
    assert any(reason in p.message for p in problems), problems


def test_every_problem_of_a_bad_url_is_named_at_once() -> None:
    messages = [p.message for p in origin_problems("ftp://u@new.example/x?y", "to")]
    assert len(messages) == 4, messages


def test_normalise_drops_case_default_ports_and_the_trailing_slash() -> None:
    assert normalise("HTTPS://New.Example:443/") == NEW
    assert normalise("http://New.Example:8000") == "http://new.example:8000"
    assert normalise("http://[::1]:80") == "http://[::1]"


def test_origins_that_differ_only_in_scheme_clash_and_others_do_not() -> None:
    assert clashes("http://old.example", OLD)
    assert clashes("http://old.example:8443", "https://old.example:8443")
    assert not clashes(OLD, "HTTPS://old.example:443")
    assert not clashes("http://old.example:8000", "http://old.example:9000")
    assert not clashes(OLD, NEW)


@pytest.mark.parametrize(
    ("origin", "host", "named"),
    [
        (OLD, "old.example", True),
        (OLD, "OLD.example", True),
        (OLD, "old.example:443", True),
        (OLD, "old.example:8443", False),
        (OLD, "new.example", False),
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("http://127.0.0.1:8000", "127.0.0.1", False),
        ("http://127.0.0.1:8000", "127.0.0.1:8001", False),
        ("http://[::1]:8000", "[::1]:8000", True),
        (OLD, "old.example:notaport", False),
        (OLD, "someone@old.example", False),
        (OLD, "old.example/issuer", False),
        (OLD, "", False),
    ],
)
def test_which_host_headers_name_an_origin(origin: str, host: str, named: bool) -> None:
    assert names(origin, host) is named


def test_a_request_is_served_under_the_origin_its_host_names() -> None:
    previous = (OLD, "http://older.example:8080")
    assert origin_named("old.example", NEW, previous) == OLD
    assert origin_named("older.example:8080", NEW, previous) == "http://older.example:8080"
    assert origin_named("new.example", NEW, previous) == NEW
    assert origin_named("unknown.example", NEW, previous) == NEW
    assert origin_named(None, NEW, previous) == NEW


def test_the_current_base_wins_over_a_previous_origin_of_the_same_name() -> None:
    """Moving back to an old origin: its documents are the current ones again."""
    assert origin_named("old.example", OLD, (OLD, NEW)) == OLD


def test_a_move_records_the_current_base_as_spelled() -> None:
    plan = plan_move("https://Old.example:443", NEW, [])
    assert (plan.kind, plan.origin, plan.to) == ("record", "https://Old.example:443", NEW)


def test_running_the_move_again_changes_nothing_before_or_after_the_switch() -> None:
    recorded = [Recorded(OLD, NEW)]
    assert plan_move(OLD, NEW, recorded).kind == "already-recorded"
    assert plan_move(NEW, NEW, recorded).kind == "already-moved"
    assert move_problems(NEW, NEW, recorded) == []


def test_changing_the_target_before_the_switch_retargets_the_record() -> None:
    plan = plan_move(OLD, "https://other.example", [Recorded(OLD, NEW)])
    assert (plan.kind, plan.origin) == ("retarget", OLD)


def test_moving_to_where_the_issuer_already_is_is_refused() -> None:
    (problem,) = move_problems(NEW, NEW + "/", [])
    assert problem.field == "to" and "already the public base URL" in problem.message


def test_a_move_that_changes_only_the_scheme_is_refused() -> None:
    (problem,) = move_problems("http://old.example", OLD, [])
    assert problem.field == "to" and "differ only in scheme" in problem.message


def test_a_move_clashing_with_a_recorded_origin_is_refused_for_each_side() -> None:
    recorded = [Recorded("http://older.example", OLD)]
    fields = [p.field for p in move_problems("https://older.example", "http://older.example", [])]
    assert fields == ["to"]
    problems = move_problems(OLD, "https://older.example", recorded)
    assert [p.field for p in problems] == ["to"]
    assert "previous origin http://older.example" in problems[0].message
    problems = move_problems("https://older.example", NEW, recorded)
    assert [p.field for p in problems] == ["from"]


def test_a_base_url_with_a_path_cannot_be_moved_from() -> None:
    problems = move_problems("https://old.example/accredo", NEW, [])
    assert [p.field for p in problems] == ["from"]


def _settings(base: str) -> Settings:
    return Settings(database_url="sqlite+aiosqlite://", public_base_url=base, secret_key="x" * 32)


def test_our_verifiers_place_a_credential_under_the_base_its_issuer_names() -> None:
    settings = _settings(NEW)
    assert issuing_base(settings, {"issuer": {"id": f"{OLD}/issuer"}}, [OLD]) == OLD
    assert issuing_base(settings, {"issuer": f"{OLD}/issuer"}, [OLD]) == OLD
    assert issuing_base(settings, {"issuer": {"id": f"{NEW}/issuer"}}, [OLD]) == NEW


def test_a_foreign_or_unrecorded_issuer_stays_under_the_current_base() -> None:
    settings = _settings(NEW)
    assert issuing_base(settings, {"issuer": {"id": "https://evil.example/issuer"}}, [OLD]) == NEW
    assert issuing_base(settings, {"issuer": {"id": f"{OLD}/issuer"}}, []) == NEW
    assert issuing_base(settings, {"issuer": {"id": f"{OLD}/issuer/x"}}, [OLD]) == NEW
    assert issuing_base(settings, None, [OLD]) == NEW
