"""Time that means today: the period each partnership's data describes, the date every answer is
for, records with no dates of their own, and warnings about dates.

Expected answers on the bundled partnerships come from the seed documents, and each test names
the fact it checks. The clock is fixed: every call that would read today's date is given one
(``today=``), except where a command is run as a user runs it, which reads the real clock and
is checked only on what no later day can change.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from test_cli import bookcase

from graph_model import InvalidParameters, InvalidPartnership, Partnership, Rule, Severity
from loaders import load
from queries.registry import run_query

#: The fixed "today" of these tests: after both bundled partnerships' periods.
TODAY = dt.date(2026, 11, 26)

YORK_PERIOD = "The data describes April 2013 to March 2016; "


def demo(nodes: list[dict[str, Any]], edges: list[dict[str, Any]] | None = None, **info: Any) -> Partnership:
    return Partnership.from_records({"id": "demo", "name": "Demo", **info}, nodes=nodes, edges=edges or [])


# -- the period each bundled partnership's data describes -------------------------------------------


def test_york_describes_the_three_financial_years_of_its_2013_16_plan(york: Partnership) -> None:
    """000 §1: the framework is updated for York's strategic plan for 2013-16 and names the Vale of York
    CCG; 001 covers commissioning in 2014-16 and gives its figures by financial or school year (2010/11,
    2013/14): three financial years, 1 April 2013 to 31 March 2016."""
    assert york.period == (dt.date(2013, 4, 1), dt.date(2016, 3, 31))


def test_staffordshire_describes_its_framework_to_the_end_of_its_one_real_contract(
        staffordshire: Partnership) -> None:
    """003 cover page: the framework is dated June 2010; the Contracts Finder release: the short-breaks
    framework ran 1 April 2020 to 31 March 2022."""
    assert staffordshire.period == (dt.date(2010, 6, 1), dt.date(2022, 3, 31))


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidPartnership, match="period_end 2013-03-31 is before period_start 2016-04-01"):
        demo([], period_start="2016-04-01", period_end="2013-03-31")


# -- every answer is for a date, and says which and why (issue point 2) ------------------------------


@pytest.mark.parametrize(("today", "day", "why"), [
    (TODAY, dt.date(2016, 3, 31), "answers are as of 31 March 2016, the end of that period (today is later)."),
    (dt.date(2014, 6, 1), dt.date(2014, 6, 1), "answers are as of today, 1 June 2014."),
    (dt.date(2010, 1, 1), dt.date(2013, 4, 1), "answers are as of 1 April 2013, the start of that period "
                                               "(today is earlier)."),
], ids=["after", "during", "before"])
def test_an_answer_with_no_date_is_for_today_kept_inside_yorks_period(york: Partnership, today: dt.date,
                                                                      day: dt.date, why: str) -> None:
    """York's documents describe April 2013 to March 2016 (see above)."""
    result = run_query("gaps", york, today=today)
    assert result.as_of == day
    assert result.as_of_basis == YORK_PERIOD + why
    assert result.warnings == []


def test_the_short_breaks_contract_is_active_on_the_date_the_answer_names(staffordshire: Partnership) -> None:
    """Contracts Finder release: the short-breaks framework ran 1 April 2020 to 31 March 2022."""
    now = run_query("service-map", staffordshire, today=TODAY)
    assert now.as_of == dt.date(2022, 3, 31)
    assert "answers are as of 31 March 2022, the end of that period" in now.as_of_basis
    assert [(row.service.id, row.status) for row in now.services] == [("short-breaks-framework", "active")]
    after: Any = run_query("service-map", staffordshire, as_of=dt.date(2023, 6, 1))
    assert after.services == []  # the contract had ended
    assert after.warnings[0] == ("1 June 2023 is after the period the data describes (June 2010 to March 2022): "
                                 "the answer assumes nothing changed since March 2022.")
    assert after.warnings[1].startswith("Most of this data comes from documents of June 2010")  # seed 003's date


#: A contract whose record still says active after its end date, in a partnership with no period.
ENDED = [{"id": "short-breaks", "type": "Service", "name": "Short breaks", "status": "active",
          "start_date": "2020-04-01", "end_date": "2022-03-31"}]


def test_with_no_period_an_answer_is_for_today_and_status_comes_from_the_dates() -> None:
    p = demo(ENDED)
    now: Any = run_query("service-map", p, today=TODAY)
    assert now.as_of == TODAY and now.as_of_basis == "Answers are as of today, 26 November 2026."
    assert now.services == []  # active services only, and it is not active today
    every: Any = run_query("service-map", p, {"active_only": False}, today=TODAY)
    assert [row.status for row in every.services] == ["decommissioned"]
    then: Any = run_query("service-map", p, today=dt.date(2021, 1, 1))
    assert [row.status for row in then.services] == ["active"]
    assert p.node("short-breaks").status.value == "active"  # type: ignore[attr-defined]  # the record as written


def test_a_recorded_status_the_dates_contradict_is_a_warning_and_the_data_still_loads() -> None:
    p = demo(ENDED)
    (warning,) = p.warnings_on(TODAY)
    assert warning.severity is Severity.WARNING and warning.rule is Rule.STATUS_DATES
    assert warning.location.field == "status"
    assert "recorded as active, but its dates (start 2020-04-01, end 2022-03-31) make it decommissioned on " \
           "2026-11-26" in warning.message
    assert p.warnings_on(dt.date(2021, 1, 1)) == []
    assert p.as_of(TODAY).warnings == p.warnings  # a view keeps the data's warnings


def test_validate_and_show_print_the_warning_with_its_file_and_line(tmp_path: Path) -> None:
    # Ended in 2001: any day this test runs on is later, so the real clock gives the same answer.
    path = tmp_path / "demo.yaml"
    path.write_text("partnership: {id: demo, name: Demo}\nnodes:\n"
                    "  - {id: old, type: Service, name: Old project, status: active, end_date: 2001-03-31}\n",
                    encoding="utf-8")
    checked = bookcase("validate", str(path))
    assert checked.returncode == 0, checked.stderr
    assert "demo.yaml: valid (1 nodes, 0 edges), with 1 warning" in checked.stdout
    assert "warning: demo.yaml, line 3, field 'status': service 'old' is recorded as active" in checked.stdout
    data = json.loads(bookcase("validate", str(path), "--format", "json").stdout)
    assert data["valid"] is True and [w["severity"] for w in data["warnings"]] == ["warning"]
    shown = bookcase("show", str(path)).stdout
    assert "Warning: demo.yaml, line 3, field 'status': service 'old' is recorded as active" in shown


def test_the_bundled_partnerships_have_no_warnings(york: Partnership, staffordshire: Partnership) -> None:
    """001 describes every York service as running; the short-breaks contract ran to 31 March 2022."""
    assert york.warnings_on(york.default_day(TODAY)) == []
    assert staffordshire.warnings_on(staffordshire.default_day(TODAY)) == []


# -- records without dates hold from the start of the period, not before (issue point 3) ---------------


def test_as_of_2006_york_shows_only_what_the_documents_date(york: Partnership) -> None:
    """000: Children's Trust arrangements, known as YorOK, since 2003; 001 Planning Bookcase: the Health and
    Wellbeing Board and the GP commissioning group are new; 002: the ICG is a new sub-group. In 2006
    the YorOK Board is there, and neither the ICG nor the Health and Wellbeing Board nor the CCG."""
    then = york.as_of(dt.date(2006, 1, 1))
    assert "yorok-board" in then
    assert not {"icg", "health-wellbeing-board", "vale-of-york-ccg"} & {n.id for n in then.nodes()}
    with pytest.raises(InvalidParameters, match=r"'icg' was not in force on 2006-01-01 \(valid 2013-04-01 to open; no "
                                                r"start date is recorded for it"):
        run_query("reporting-line", york, {"node": "icg"}, as_of=dt.date(2006, 1, 1))
    board: Any = run_query("reporting-line", york, {"node": "yorok-board"}, as_of=dt.date(2006, 1, 1))
    assert "nothing above it" in board.summary()
    assert board.warnings == [
        "1 January 2006 is before the period the data describes (April 2013 to March 2016): only records with "
        "dates of their own are shown; records without a start date are taken to hold from 1 April 2013."]


def test_in_york_undated_records_hold_from_the_first_day_of_the_period(york: Partnership) -> None:
    """002: the ICG is accountable to the YorOK Board; neither record is dated, so the line holds from
    1 April 2013 (the start of the period the data describes) and not the day before."""
    assert "icg" not in york.as_of(dt.date(2013, 3, 31))
    line: Any = run_query("reporting-line", york, {"node": "icg"}, as_of=dt.date(2013, 4, 1))
    assert [step.above.id for step in line.line][:1] == ["yorok-board"]


def test_an_answer_after_the_period_assumes_nothing_changed(york: Partnership) -> None:
    """002: the ICG is accountable to the YorOK Board (undated: it holds open-endedly)."""
    later: Any = run_query("reporting-line", york, {"node": "icg"}, as_of=dt.date(2020, 1, 1))
    assert [step.above.id for step in later.line][:1] == ["yorok-board"]
    assert later.warnings[0] == ("1 January 2020 is after the period the data describes (April 2013 to March 2016): "
                                 "the answer assumes nothing changed since March 2016.")
    assert later.warnings[1].startswith("Most of this data comes from documents of January 2014, nearly 6 years")


def test_without_a_period_undated_records_hold_on_any_date() -> None:
    p = demo([{"id": "board", "type": "Board", "name": "Board"},
              {"id": "icg", "type": "SubGroup", "name": "ICG", "valid_from": "2012-01-01"}],
             [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"}])
    assert {n.id for n in p.as_of(dt.date(1990, 1, 1)).nodes()} == {"board"}
    assert p.as_of(dt.date(2014, 1, 1)) is p  # everything in force, no status to restate: the partnership itself
    assert run_query("gaps", p, as_of=dt.date(1990, 1, 1)).warnings == []


def test_a_record_that_ended_before_the_period_began_held_until_its_end() -> None:
    p = demo([{"id": "board", "type": "Board", "name": "Board"},
              {"id": "old", "type": "Board", "name": "Old board", "valid_to": "2009-12-31"}],
             period_start="2013-04-01", period_end="2016-03-31")
    assert p.span(p.node("old")) == (None, dt.date(2009, 12, 31))
    assert {n.id for n in p.as_of(dt.date(2008, 1, 1)).nodes()} == {"old"}
    assert {n.id for n in p.as_of(dt.date(2014, 1, 1)).nodes()} == {"board"}


def test_show_says_its_date_and_warns_outside_the_period() -> None:
    """The point of the issue: `show york --as-of 1990-01-01` gave 132 nodes and no warning."""
    old = bookcase("show", "york", "--as-of", "1990-01-01")
    assert old.returncode == 0, old.stderr
    assert old.stdout.splitlines()[:4] == [
        "York (YorOK) Children's Trust partnership (york) as of 1990-01-01",
        "The data describes April 2013 to March 2016; answers are as of 1 January 1990, the date asked for.",
        "Warning: 1 January 1990 is before the period the data describes (April 2013 to March 2016): only records "
        "with dates of their own are shown; records without a start date are taken to hold from 1 April 2013.",
        # In 1990 only the records that end before the period and have no start are in force: they hold up to
        # their end. The Children's Fund (31 March 2013, the York data's reading of 001's "now mainstreamed"),
        # and the Primary Care Trust of 002 with its two posts and their employment (abolished 31 March 2013).
        "4 nodes, 2 edges in force (the data holds 140 nodes and 208 edges)"]
    now = json.loads(bookcase("show", "york", "--format", "json").stdout)
    assert now["as_of"] == "2016-03-31" and now["as_of_basis"].startswith(YORK_PERIOD)
    assert now["warnings"] == [] and now["records"] == {"nodes": 140, "edges": 208}


# -- the views are cheap: kept per day, the partnership itself when nothing changes --------------------


@pytest.mark.parametrize("status", ["planned", "active", "decommissioned"])
@pytest.mark.parametrize("start", [None, "2014-01-01"])
@pytest.mark.parametrize("end", [None, "2013-06-30", "2016-03-31"])
@pytest.mark.parametrize("valid_to", [None, "2015-01-01"])
def test_the_days_a_service_keeps_its_recorded_status_agree_with_its_status_on_each_day(
        status: str, start: str | None, end: str | None, valid_to: str | None) -> None:
    from graph_model.models import Service

    service = Service(id="s", name="S", status=status, start_date=start, end_date=end, valid_to=valid_to)
    first, last = service.status_kept()
    day = dt.date(2012, 1, 1)
    while day < dt.date(2018, 1, 1):
        kept = (first is None or first <= day) and (last is None or day <= last)
        assert kept == (service.status_on(day) is service.status), day
        day += dt.timedelta(days=11)


def _without_the_pcts(staffordshire: Partnership) -> Partnership:
    """Staffordshire without its primary care trusts, which end with their abolition on 31 March 2013: everything
    else in its data is in force from 1 April 2020 to 31 March 2022, the short-breaks contract's term."""
    return staffordshire.subset(lambda n: n.id != "staffs-pct", kind="test: without the PCTs")


def test_as_of_keeps_one_view_per_day_and_is_the_partnership_when_nothing_changes(
        staffordshire: Partnership) -> None:
    """Everything in Staffordshire's data but the PCTs is in force on 31 March 2022, the contract's last day."""
    assert staffordshire.as_of(dt.date(2022, 3, 31)) is not staffordshire  # the PCTs ended in 2013
    assert "staffs-pct" not in staffordshire.as_of(dt.date(2022, 3, 31))
    staffordshire = _without_the_pcts(staffordshire)
    assert staffordshire.as_of(dt.date(2022, 3, 31)) is staffordshire
    later = staffordshire.as_of(dt.date(2023, 1, 1))
    assert later is not staffordshire and later is staffordshire.as_of(dt.date(2023, 1, 1))
    assert later.as_of(dt.date(2023, 1, 1)) is later
    assert "short-breaks-framework" not in later and "short-breaks-framework" in staffordshire


def test_an_answer_on_a_view_is_for_the_views_day(york: Partnership) -> None:
    view = york.as_of(dt.date(2014, 6, 1))
    result = run_query("gaps", view, today=TODAY)
    assert result.as_of == dt.date(2014, 6, 1) and "1 June 2014, the date asked for" in result.as_of_basis
    assert view.as_of(dt.date(2006, 1, 1)) is york.as_of(dt.date(2006, 1, 1))  # by the whole data's rules
    assert view.span(york.node("icg")) == (dt.date(2013, 4, 1), None)


def test_a_view_reads_like_the_partnership_it_was_taken_from(york: Partnership) -> None:
    # three earlier plans, the Children's Fund, and the Primary Care Trust with its two posts have ended by then
    then = york.as_of(dt.date(2014, 1, 1))
    assert len(then) == len(then.nodes()) == 133 and then.edge_count == len(then.edges())
    assert {n.id for n in then.nodes("Plan")} == {n.id for n in york.nodes("Plan")} - {
        "cypp-2005-08", "cypp-2007-10", "cypp-2009-12"}
    assert sum(len(then.out_edges(n.id)) for n in then.nodes()) == then.edge_count
    assert then.graph.number_of_edges() == then.edge_count


def test_a_partnership_written_and_read_back_keeps_its_period(tmp_path: Path, york: Partnership) -> None:
    from loaders import write

    for target, fmt in ((tmp_path / "york.json", None), (tmp_path / "york-csv", "csv"), (tmp_path / "y.yaml", None)):
        assert load(str(write(york, target, fmt))).period == york.period


# -- what the command prints ------------------------------------------------------------------------


def test_a_query_table_starts_with_its_date_and_json_has_it() -> None:
    table = bookcase("query", "gaps", "--dataset", "staffordshire").stdout
    assert table.splitlines()[0].startswith("The data describes June 2010 to March 2022; answers are as of ")
    data = json.loads(bookcase("query", "gaps", "--dataset", "staffordshire", "--format", "json").stdout)
    assert data["as_of"] == "2022-03-31" and data["as_of_basis"] == table.splitlines()[0]
    # Inside the period: no period warning; only that the 2010 framework is long before 2022 (seed 003's date).
    assert [w.split(",")[0] for w in data["warnings"]] == ["Most of this data comes from documents of June 2010"]
    csv = bookcase("query", "gaps", "--dataset", "staffordshire", "--format", "csv").stdout
    assert csv.splitlines()[0].startswith("section,kind,")  # CSV stays a plain table; JSON and the table carry the date
    old = bookcase("query", "golden-thread", "--as-of", "2008-01-01").stdout.splitlines()
    assert old[:2] == ["The data describes April 2013 to March 2016; answers are as of 1 January 2008, the date "
                       "asked for.",
                       "Warning: 1 January 2008 is before the period the data describes (April 2013 to March 2016): "
                       "only records with dates of their own are shown; records without a start date are taken "
                       "to hold from 1 April 2013."]


def test_diff_states_its_two_dates(york: Partnership) -> None:
    """001 Context: York's plans covered 2009-12 and then 2013-16; 001: the two-year-old entitlement
    started in September 2013; 002's Primary Care Trust (and its two posts) ended on 31 March 2013, when primary
    care trusts were abolished; the Children's Fund's flow ended then too (the York data's reading)."""
    r: Any = run_query("diff", york, {"before": "2014-01-01", "after": "2015-01-01"})
    assert r.as_of is None
    assert r.as_of_basis == (YORK_PERIOD + "this compares 1 January 2014 with 1 January 2015, the two dates "
                             "asked for.")
    assert r.warnings == [] and r.counts == []
    straddle: Any = run_query("diff", york, {"before": "2012-06-01", "after": "2014-01-01"})
    assert straddle.warnings[-1] == ("Records without dates of their own are taken to hold from 1 April 2013, so "
                                     "they show as added between the two dates.")
    # The changes the documents date are listed first (001: the two-year-old entitlement from September 2013).
    assert {(n.change, n.id) for n in straddle.nodes[:7]} == {
        ("added", "cypp-2013-16"), ("added", "two-year-old-entitlement"), ("removed", "cypp-2009-12"),
        ("removed", "childrens-fund"), ("removed", "north-yorkshire-york-pct"),
        ("removed", "assistant-director-commissioning-pct"), ("removed", "general-manager-provider-services")}


def test_a_query_sees_the_day_it_answers_for_even_when_nothing_differs(
        staffordshire: Partnership, monkeypatch: pytest.MonkeyPatch) -> None:
    """On 1 April 2021 every Staffordshire record in force on 31 March 2022 already was (the PCTs aside, gone in
    2013), so as_of gives the partnership itself; a query run for that day must still read 1 April 2021 as its
    day, not the default."""
    staffordshire = _without_the_pcts(staffordshire)
    from queries import registry
    from queries.registry import NamedQuery, QueryParams, QueryResult

    class Seen(QueryResult):
        day: dt.date | None = None

        def table(self) -> list[dict[str, object]]:
            return []

        def summary(self) -> str:
            return f"seen {self.day}"

    probe = NamedQuery("probe-day", "change-over-time", "Which day a query sees.", QueryParams, Seen,
                       lambda p, params: Seen(day=p.default_day()))
    monkeypatch.setitem(registry._REGISTRY, "probe-day", probe)
    day = dt.date(2021, 4, 1)
    assert staffordshire.as_of(day) is staffordshire
    assert registry.run_query("probe-day", staffordshire, as_of=day).day == day  # type: ignore[attr-defined]
    assert staffordshire.default_day(today=dt.date(2026, 11, 26)) == dt.date(2022, 3, 31)  # outside a query


def test_an_answer_long_after_its_documents_says_so(staffordshire: Partnership, york: Partnership) -> None:
    """Staffordshire's framework (seed 003) is dated June 2010; the default answer, for 31 March 2022 (the end
    of the one real contract), must say it assumes the framework's bodies still held. York's documents were
    written for 2014-16, so its answers for 31 March 2016 need no such warning."""
    from queries import run_query

    late = run_query("accountability-integrity", staffordshire)
    assert late.as_of == dt.date(2022, 3, 31)
    assert any(w.startswith("Most of this data comes from documents of June 2010, nearly 12 years before")
               for w in late.warnings)
    early = run_query("accountability-integrity", staffordshire, as_of=dt.date(2011, 6, 1))
    assert not any("Most of this data" in w for w in early.warnings)
    assert not any("Most of this data" in w for w in run_query("gaps", york).warnings)
