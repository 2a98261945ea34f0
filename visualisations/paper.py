"""A board paper: one self-contained HTML document about a partnership on one day, to circulate and print.

:func:`board_paper` puts together what a governance lead takes to the board: the bookcase as a
picture (:mod:`.picture`); governance findings by severity (``health``); gaps (``gaps``);
duplicates (``duplicates``); funding with the prevention share (``funding``); the commissioning
maturity assessment (``maturity``, when the registry has it); and, given a scenario, its
comparison (:func:`queries.scenarios.compare.compare_scenario`). Every answer comes through the
registry (:func:`queries.registry.run_query`), all for the same day; each figure and table names its
source (query, partnership, day), the partnership it was worked out on (the public one, or the whole one
with bodies that are not public) and the coverage of that partnership's data, and the command that gives
the same answer (``bookcase query NAME --public-only`` for a paper made from the public partnership: without
that option the command line's answers include bodies that are not public, and can differ).

The document holds no script and asks for nothing over a network: the pictures and charts are SVG
drawn by matplotlib and written into the page, the styles are inline, and a Content-Security-Policy
forbids anything else. Its print styles lay it out on A4.

A section is made from any :class:`~queries.registry.QueryResult` in the same way — its summary,
its table, its coverage and what it rests on — so a query added later (``maturity``) needs no new
code here. Money the data does not record is said to be unknown, never drawn as zero: a chart is
drawn only from known amounts, and says beside each bar what is missing.

Examples
--------
>>> from loaders import load_bundled
>>> paper = board_paper(load_bundled("york").public())
>>> paper.sections[:3], "<script" in paper.html
(['bookcase', 'findings', 'gaps'], False)
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_model import BookcaseError, Partnership, UnknownQuery
from graph_model.models import BodyBase
from graph_model.timeframe import long_date
from queries.registry import QueryResult, get_query, run_query
from queries.scenarios import ScenarioText

from .styles import OKABE_ITO

__all__ = ["MAX_ROWS", "Paper", "board_paper", "result_table"]

#: The most rows a table of the paper lists; the rest are counted, with the command that lists them all.
MAX_ROWS = 40

#: Colour of each severity in the findings chart (Okabe-Ito), with a hatch so that colour is not alone.
_SEVERITY = {"error": (OKABE_ITO["vermillion"], "xx"), "warning": (OKABE_ITO["orange"], "//"),
             "info": (OKABE_ITO["sky blue"], "")}

esc = html.escape


@dataclass
class Paper:
    """A board paper: its title, day, HTML, and the ids of its sections in order."""

    title: str
    day: dt.date
    html: str
    sections: list[str] = field(default_factory=list)


@dataclass
class _Section:
    id: str
    title: str
    body: str


# -- pieces ------------------------------------------------------------------------------------------------


def _svg(fig: Any, salt: str, label: str) -> str:
    """A matplotlib figure as inline SVG: no XML prologue, ids made unique by ``salt``, scaled to its column."""
    import matplotlib

    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        fig.savefig(out, format="svg", metadata={"Date": None, "Title": label})
    return _inline(out.getvalue(), label)


def _inline(svg: str, label: str) -> str:
    """An SVG file's text made fit to sit inside HTML: prologue dropped, sized by the page, labelled."""
    start = svg.index("<svg")
    svg = svg[start:]
    head_end = svg.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    head += f' role="img" aria-label="{esc(label)}" preserveAspectRatio="xMidYMin meet"'
    return head + svg[head_end:]


def _figure(body: str, caption: str, fid: str) -> str:
    return (f'<figure id="{fid}" class="chart">{body}<figcaption>{caption}</figcaption></figure>')


@dataclass(frozen=True)
class _Basis:
    """The partnership a paper's answers are worked out on: the public one, or the whole one."""

    public: bool
    dataset: str
    day: dt.date

    @property
    def of(self) -> str:
        """The partnership in a few words, for the coverage line."""
        return "the public partnership" if self.public else "the whole partnership, bodies that are not public included"

    def command(self, query: str, extra: str = "") -> str:
        return f"bookcase query {query} --dataset {self.dataset} --as-of {self.day.isoformat()}{extra}"

    def sentence(self, query: str | None) -> str:
        """Which partnership the answer is worked out on, and how it stands to the command line's answer (HTML).

        >>> print(_Basis(True, "york", dt.date(2016, 3, 31)).sentence("health"))
        Worked out on the public partnership: bodies that are not public, and every line to or from them, are left out, as <code>bookcase query health --dataset york --as-of 2016-03-31 --public-only</code> gives it; without --public-only the command line includes them and can differ.
        """
        if self.public:
            command = f"<code>{esc(self.command(query, ' --public-only'))}</code>" if query else "the command line"
            return ("Worked out on the public partnership: bodies that are not public, and every line to or from "
                    f"them, are left out, as {command} gives it; without --public-only the command line includes "
                    "them and can differ.")
        command = f"<code>{esc(self.command(query))}</code>" if query else "the command line"
        return (f"Worked out on the whole partnership, bodies that are not public included, as {command} is, so the "
                "two give the same answer.")


def _source(query: str, basis: _Basis, coverage: str = "", extra: str = "") -> str:
    text = (f"Source: named query <code>{esc(query)}</code> on {esc(basis.dataset)}, as of "
            f"{esc(long_date(basis.day))}. {basis.sentence(query)}")
    if extra:
        text += f" {extra}"
    if coverage:
        text += f" Coverage of {esc(basis.of)}: {esc(coverage)}"
    return text


def _cell(value: Any) -> str:
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else f"{value:,.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(getattr(value, "value", value))


def _columns(rows: Sequence[Mapping[str, Any]], preferred: Sequence[str], only: bool = False) -> list[str]:
    """The columns to print: the result's own order, then any others (none with ``only``); ids dropped where a
    name says the same, and columns empty in every row dropped."""
    seen: dict[str, None] = dict.fromkeys(c for c in preferred if any(c in r for r in rows))
    if not only:
        for r in rows:
            seen.update(dict.fromkeys(r))
    cols = list(seen)
    named = any(c == "name" or c.endswith("_name") for c in cols)
    if named:
        cols = [c for c in cols if not (c == "id" or c.endswith("_id"))]
    return [c for c in cols if any(r.get(c) not in (None, "", [], ()) for r in rows)]


def result_table(rows: Sequence[Mapping[str, Any]], preferred: Sequence[str] = (), *, more: str = "",
                 limit: int = MAX_ROWS, only: bool = False) -> str:
    """Rows as an HTML table (at most ``limit``; ``more`` says how to see the rest); ``only``: just the
    ``preferred`` columns.

    >>> print(result_table([{"id": "a", "name": "A", "n": 2.0}, {"id": "b", "name": "B", "n": None}]))
    <table><thead><tr><th scope="col">name</th><th scope="col">n</th></tr></thead><tbody><tr><td>A</td><td>2</td></tr><tr><td>B</td><td>not recorded</td></tr></tbody></table>
    """
    if not rows:
        return '<p class="empty">No rows.</p>'
    cols = _columns(rows, preferred, only)
    head = "".join(f'<th scope="col">{esc(c.replace("_", " "))}</th>' for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{esc(_cell(r.get(c)))}</td>" for c in cols) + "</tr>" for r in rows[:limit])
    out = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if len(rows) > limit:
        out += f'<p class="more">{len(rows) - limit:,} more rows not printed here{": " + more if more else ""}.</p>'
    return out


def _summary(text: str) -> str:
    """A summary's lines as paragraphs; indented lines (a small table in the text) kept as a block."""
    out: list[str] = []
    block: list[str] = []
    for line in text.splitlines():
        if line.startswith("  "):
            block.append(line.strip())
            continue
        if block:
            out.append('<pre class="block">' + esc("\n".join(block)) + "</pre>")
            block = []
        if line.strip():
            out.append(f"<p>{esc(line)}</p>")
    if block:
        out.append('<pre class="block">' + esc("\n".join(block)) + "</pre>")
    return "".join(out)


def _notes(result: QueryResult) -> str:
    parts = [f'<p class="warning">Note: {esc(w)}</p>' for w in result.warnings]
    if result.rests_on.sentence:
        parts.append(f'<p class="rests">What it rests on: {esc(result.rests_on.sentence)}</p>')
    return "".join(parts)


def generic_section(result: QueryResult, basis: _Basis, *, command: str,
                    rows: Sequence[Mapping[str, Any]] | None = None) -> str:
    """Any named query's answer as a part of the paper: summary, table, what it rests on, and its source."""
    table = list(result.table() if rows is None else rows)
    return (_summary(result.summary()) + _notes(result)
            + result_table(table, type(result).columns, more=f"<code>{esc(command)}</code> lists them all")
            + f'<p class="source">{_source(result.query, basis, result.coverage)}</p>')


# -- charts ---------------------------------------------------------------------------------------------------


def _chart_figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def findings_chart(result: Any, title: str) -> str | None:
    """Findings by rule, one bar each, coloured and hatched by severity; a rule with nothing to check gets no
    bar and says so (never a bar of zero)."""
    rules = list(getattr(result, "by_rule", []))
    if not rules:
        return None
    order = {"error": 0, "warning": 1, "info": 2}
    rules.sort(key=lambda r: (order.get(str(r.severity), 3), -r.findings, str(r.rule)))
    fig, ax = _chart_figure(7.0, 0.8 + 0.32 * len(rules))
    labels = [f"{r.severity} · {r.rule}" for r in rules]
    top = max((r.findings for r in rules), default=1) or 1
    for i, r in enumerate(rules):
        colour, hatch = _SEVERITY.get(str(r.severity), ("#999999", ""))
        if r.records == 0:
            ax.text(0, i, "  not checked: nothing to check", va="center", fontsize=8, color="#444444",
                    style="italic")
            continue
        ax.barh(i, r.findings, color=colour, hatch=hatch, edgecolor="#222222", linewidth=0.6)
        ax.text(r.findings + top * 0.01, i, f" {r.findings:,}", va="center", fontsize=8)
    ax.set_yticks(range(len(rules)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.25)
    ax.set_xlabel("findings", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title(title, fontsize=9, loc="left")
    return _svg(fig, "findings", title)


def _money_bars(rows: Sequence[tuple[str, Any]], title: str, salt: str, xlabel: str) -> str | None:
    """Known annual amounts as bars, each row saying in words what is known and what is not; None when no row
    has a known amount (a chart would then show nothing true)."""
    if not any(t.known > 0 for _, t in rows):
        return None
    fig, ax = _chart_figure(7.0, 0.9 + 0.4 * len(rows))
    top = max(t.known for _, t in rows) or 1.0
    for i, (_, total) in enumerate(rows):
        if total.known > 0:
            ax.barh(i, total.known, color=OKABE_ITO["bluish green"], edgecolor="#222222", linewidth=0.6)
        words = total.text()
        ax.text(total.known + top * 0.01, i, " " + words, va="center", fontsize=8,
                style="italic" if total.unknown else "normal")
    ax.set_yticks(range(len(rows)), [name for name, _ in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.9)
    ax.xaxis.set_major_formatter(_pounds)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.set_title(title, fontsize=9, loc="left")
    return _svg(fig, salt, title)


def _pounds(value: float, _pos: int | None = None) -> str:
    """An axis tick in pounds.

    >>> _pounds(2_300_000), _pounds(600_000), _pounds(0)
    ('£2.3m', '£600k', '£0')
    """
    if value >= 1_000_000:
        return f"£{value / 1_000_000:.3g}m"
    if value >= 1_000:
        return f"£{value / 1_000:.3g}k"
    return f"£{value:,.0f}"


def share_chart(shares: Sequence[tuple[str, float]], title: str, salt: str) -> str:
    """Prevention shares (0 to 1) as bars out of 100%."""
    fig, ax = _chart_figure(7.0, 0.9 + 0.45 * len(shares))
    for i, (_, share) in enumerate(shares):
        ax.barh(i, 1.0, color="#eeeeee", edgecolor="#999999", linewidth=0.6)
        ax.barh(i, share, color=OKABE_ITO["blue"], edgecolor="#222222", linewidth=0.6)
        ax.text(min(share, 0.85) + 0.01, i, f"{share:.1%}", va="center", fontsize=9,
                color="#000000" if share < 0.85 else "#ffffff")
    ax.set_yticks(range(len(shares)), [name for name, _ in shares], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel("prevention and early intervention (tier 2) as a share of tier 2-4 annual spend", fontsize=8)
    ax.set_title(title, fontsize=9, loc="left")
    return _svg(fig, salt, title)


# -- the sections -------------------------------------------------------------------------------------------


class _Context:
    def __init__(self, p: Partnership, day: dt.date, dataset: str, public: bool) -> None:
        self.p, self.day, self.dataset = p, day, dataset
        self.basis = _Basis(public, dataset, day)
        self.used: list[tuple[str, str]] = []  # (query, what it gave the paper)

    def run(self, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        result = run_query(name, self.p, params, as_of=self.day)
        self.used.append((name, result.rests_on.sentence))
        return result

    def command(self, name: str, extra: str = "") -> str:
        return self.basis.command(name, extra)


def _bookcase(c: _Context) -> _Section:
    from .picture import draw_view
    from .views import build_view

    view = build_view(c.p, "bookcase", as_of=c.day)
    fig, drawn = draw_view(view)
    svg = _svg(fig, "bookcase", view.title)
    bodies = sum(1 for n in drawn.nodes if n["type"] in ("Board", "SubGroup", "Unit"))
    hidden = sum(1 for n in view.payload["nodes"] if n.get("group"))
    caption = (f"The planning bookcase of {esc(c.p.info.name)} on {esc(long_date(c.day))}: {len(drawn.nodes)} "
               f"nodes in force that day ({bodies} bodies), with the lines of accountability, reporting, "
               "delegation and influence between them. "
               + (f"Partners, posts and units sitting on them ({hidden} in the data over every date) are left "
                  "out here; the interactive view can show them. " if hidden else "")
               + f"Source: the bookcase view (<code>bookcase view bookcase --dataset {esc(c.dataset)} --as-of "
               f"{c.day.isoformat()}{' --public-only' if c.basis.public else ''}</code>), from the partnership's "
               "records. "
               + ("Drawn from the public partnership: bodies that are not public, and every line to or from them, "
                  "are left out." if c.basis.public else
                  "Drawn from the whole partnership, bodies that are not public included."))
    notes = "".join(f"<p>{esc(n)}</p>" for n in view.payload["notes"][1:])
    return _Section("bookcase", "The planning bookcase", _figure(svg, caption, "figure-bookcase") + notes)


def _findings(c: _Context) -> _Section:
    result = c.run("health")
    chart = findings_chart(result, f"Governance findings by rule, {long_date(c.day)}")
    findings = list(getattr(result, "findings", []))
    parts = [_summary(result.summary()), _notes(result)]
    if chart:
        parts.append(_figure(chart, _source("health", c.basis, result.coverage,
                                            "Bars count findings; a rule with nothing in the data to check has no "
                                            "bar."), "figure-findings"))
    folded = list(getattr(result, "folded", []))
    for severity, heading in (("error", "Errors: a documented rule is broken"),
                              ("warning", "Warnings: a likely fault"),
                              ("info", "Information: not recorded in the data")):
        mine = [f for f in findings if str(f.severity) == severity]
        rows = [f.model_dump(mode="json") for f in mine]
        rows += [f.model_dump(mode="json") for f in folded if str(f.severity) == severity]
        count = len(mine) + sum(f.count for f in folded if str(f.severity) == severity)
        parts.append(f'<h3 id="findings-{severity}">{esc(heading)} ({count:,})</h3>')
        more = f"<code>{esc(c.command('health', ' --severity ' + severity))}</code> lists them all"
        if rows and severity == "info":  # what the data does not record, one row a rule
            by_rule: dict[str, list[str]] = {}
            for f in mine:
                by_rule.setdefault(str(f.rule), []).append(f.node_name)
            grouped = [{"rule": rule, "findings": len(names), "about": "; ".join(names)}
                       for rule, names in by_rule.items()]
            grouped += [{"rule": str(f.rule), "findings": f.count, "about": f.message} for f in folded
                        if str(f.severity) == severity]
            parts.append(result_table(grouped, ("rule", "findings", "about"), more=more, only=True))
        elif rows:
            parts.append(result_table(rows, ("rule", "node_name", "node_type", "message", "count"), more=more,
                                      only=True))
        else:
            parts.append(f'<p class="empty">No {severity} findings.</p>')
    parts.append(f'<p class="source">{_source("health", c.basis, result.coverage)}</p>')
    return _Section("findings", "Governance findings by severity", "".join(parts))


def _gaps(c: _Context) -> _Section:
    result = c.run("gaps")
    rows = result.table()
    listed = [{k: v for k, v in r.items() if k != "section"} for r in rows if r.get("section") == "gap"] or rows
    return _Section("gaps", "Gaps", generic_section(result, c.basis, command=c.command("gaps"), rows=listed))


def _duplicates(c: _Context) -> _Section:
    result = c.run("duplicates")
    return _Section("duplicates", "Duplicates", generic_section(result, c.basis, command=c.command("duplicates")))


def _funding(c: _Context) -> _Section:
    result: Any = c.run("funding", {"by": "budget-kind"})
    parts = [_summary(result.summary()), _notes(result)]
    kinds = [(str(g.name), g.money) for g in result.by_budget_kind]
    chart = _money_bars(kinds, f"Annual money paid out, by kind of budget, {long_date(c.day)}", "money-kind",
                        "annual amount (known amounts only)")
    source = _source("funding", c.basis, result.coverage)
    if chart:
        parts.append(_figure(chart, source + " Bars are known amounts; the words beside each say what is not "
                                              "recorded.", "figure-money"))
    else:
        flows = sum(t.flows for _, t in kinds)
        parts.append(f'<p class="nochart">No chart of money by kind of budget: none of the {flows:,} amounts '
                     "counted is recorded, so a chart would show nothing true (unknown is not zero).</p>")
    prevention = result.prevention
    tiers = [("Prevention: tier 2", prevention.prevention), ("Specialist: tiers 3-4", prevention.specialist),
             ("Universal: tier 1 (not in the share)", prevention.universal),
             ("No tier recorded (not in the share)", prevention.unknown_tier)]
    tier_chart = _money_bars([t for t in tiers if t[1].flows], f"Annual money by tier, {long_date(c.day)}",
                             "money-tier", "annual amount (known amounts only)")
    share = prevention.prevention_share
    share_words = ("unknown: " + ("no tiered money is recorded" if not (prevention.prevention.flows
                                                                        + prevention.specialist.flows)
                                  else "an amount it rests on is not recorded")) if share is None else f"{share:.1%}"
    parts.append(f'<p class="figure-text"><strong>Prevention and early-intervention share of annual spend: '
                 f"{esc(share_words)}</strong>{'' if prevention.complete or share is None else ' (over known amounts only)'}. "
                 f"{esc(prevention.rule)}</p>")
    if tier_chart:
        parts.append(_figure(tier_chart, source, "figure-tiers"))
    parts.append(result_table(result.table(), type(result).columns,
                              more=f"<code>{esc(c.command('funding', ' --by budget-kind'))}</code> lists them all"))
    parts.append(f'<p class="source">{source} Table: totals by kind of budget.</p>')
    return _Section("funding", "Funding and the prevention share", "".join(parts))


def _maturity(c: _Context) -> _Section:
    try:
        get_query("maturity")
    except UnknownQuery:
        return _Section("maturity", "Commissioning maturity",
                        '<p class="unavailable">Not available: this version of the tool has no commissioning maturity '
                        "assessment (no named query <code>maturity</code>), so the paper makes no claim about the "
                        "partnership's maturity.</p>")
    try:
        result = c.run("maturity")
    except BookcaseError as err:
        return _Section("maturity", "Commissioning maturity",
                        f'<p class="unavailable">Not available: the maturity assessment could not be made ({esc(str(err))}).</p>')
    return _Section("maturity", "Commissioning maturity", generic_section(result, c.basis,
                                                                          command=c.command("maturity")))


def _scenario(c: _Context, scenario: ScenarioText, file: str) -> _Section:
    from queries.scenarios.compare import compare_scenario

    result = compare_scenario(c.p, scenario, as_of=c.day)
    parts = [f"<p>{esc(result.as_of_basis)}</p>" if result.as_of_basis else "", _summary(result.summary())]
    parts += [f'<p class="warning">Note: {esc(w)}</p>' for w in result.warnings]
    source = (f"Source: <code>bookcase scenario compare {esc(c.dataset)} {esc(file)} --as-of {c.day.isoformat()}</code>"
              f" (the named queries gaps, decommission-impact, funding, reports-to, health and duplicates, before "
              f"and after), as of {esc(long_date(result.as_of))}. {c.basis.sentence(None)}"
              + (f" Coverage of {esc(c.basis.of)}: {esc(result.coverage)}" if result.coverage else ""))
    before, after = result.prevention_before.share, result.prevention_after.share
    if before is not None and after is not None:
        assumed = any(r.assumed for r in result.rows if r.section == "prevention")
        chart = share_chart([("before", before), ("after" + (" (rests on assumptions)" if assumed else ""), after)],
                            f"Prevention share before and after '{result.scenario}'", "scenario-share")
        parts.append(_figure(chart, source, "figure-scenario"))
    else:
        parts.append(f'<p class="nochart">No chart of the prevention share: it is '
                     f"{'unknown before' if before is None else 'known before'} and "
                     f"{'unknown after' if after is None else 'known after'} the scenario (amounts not recorded).</p>")
    sections = {"cover": "Cover", "money": "Money", "prevention": "Prevention share", "reporting": "Reporting lines",
                "health": "Governance findings", "duplicates": "Duplicate groups"}
    rows = result.table()
    for key, heading in sections.items():
        mine = [{k: v for k, v in r.items() if k != "section"} for r in rows if r["section"] == key]
        if mine:
            parts.append(f"<h3>{esc(heading)} ({len(mine):,})</h3>")
            parts.append(result_table(mine, [c for c in type(result).columns if c != "section"],
                                      more=f"<code>bookcase scenario compare {esc(c.dataset)} {esc(file)}</code> "
                                           "lists them all"))
    parts.append(f'<p class="source">{source}</p>')
    return _Section("scenario", f"Scenario: {result.scenario}", "".join(parts))


# -- the document --------------------------------------------------------------------------------------------


_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #1a1a1a;
       max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 18pt; margin: 0 0 .3rem; }
h2 { font-size: 14pt; border-bottom: 2px solid #0072B2; padding-bottom: .15rem; margin-top: 1.6rem; }
h3 { font-size: 11.5pt; margin: 1rem 0 .3rem; }
p { margin: .3rem 0; }
.lead { color: #333; }
.private { border: 3px dashed #8a3b00; padding: .4rem .6rem; background: #fff4ea; }
figure { margin: .8rem 0; }
figure svg { width: 100%; height: auto; display: block; }
#figure-bookcase svg { max-height: 235mm; }
figcaption, .source { font-size: 8.5pt; color: #333; }
.source { border-left: 3px solid #999; padding-left: .5rem; margin-top: .5rem; }
.rests, .warning { font-size: 9pt; color: #333; }
.unavailable, .nochart { font-style: italic; border-left: 3px solid #D55E00; padding-left: .5rem; }
pre.block { font-size: 8.5pt; background: #f5f5f5; padding: .3rem .5rem; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: .4rem 0; }
th, td { border: 1px solid #bbb; padding: .15rem .3rem; vertical-align: top; text-align: left;
         overflow-wrap: break-word; hyphens: auto; }
thead th { background: #e8f1f8; }
.more, .empty { font-size: 9pt; font-style: italic; }
nav ol { columns: 2; font-size: 10pt; }
code { font-size: 90%; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  section.major { break-before: page; }
  figure, tr, .source, pre.block { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def board_paper(p: Partnership, *, as_of: dt.date | None = None, scenario: ScenarioText | None = None, scenario_file: str = "",
                dataset: str | None = None, today: dt.date | None = None) -> Paper:
    """The board paper for ``p`` (as given: pass :meth:`Partnership.public` for a paper to circulate outside the
    partnership) on ``as_of`` (by default the partnership's default day); ``scenario`` (a parsed scenario,
    :func:`queries.scenarios.read_scenario`) adds its comparison. ``dataset`` is how the paper names the data in
    the commands it quotes (the partnership's id by default)."""
    dating = p.dating(as_of, today=today)
    day = dating.day
    name = dataset or p.info.id
    hidden = [n.name for n in p.nodes() if isinstance(n, BodyBase) and n.public is False]
    c = _Context(p, day, name, public=not hidden)
    makers: list[Callable[[], _Section]] = [lambda: _bookcase(c), lambda: _findings(c), lambda: _gaps(c),
                                            lambda: _duplicates(c), lambda: _funding(c), lambda: _maturity(c)]
    if scenario is not None:
        makers.append(lambda: _scenario(c, scenario, scenario_file))
    sections = [make() for make in makers]
    title = f"Board paper: {p.info.name}"
    privacy = (f'<p class="private"><strong>Contains bodies that are not public</strong> ({esc(", ".join(hidden))}): '
               "keep this paper inside the partnership. The version to circulate is made from the public partnership "
               "(the command line's default, without --include-private; through the API, a request with no "
               "viewer's key).</p>"
               if hidden else
               '<p class="lead">Made from the public partnership: bodies that are not public, and every line to or '
               "from them, are left out.</p>")
    contents = "".join(f'<li><a href="#{s.id}">{esc(s.title)}</a></li>' for s in sections)
    used = sorted({q for q, _ in c.used} | ({"gaps", "decommission-impact", "funding", "reports-to", "health",
                                               "duplicates"} if scenario is not None else set()))
    command = f"<code>bookcase query NAME --dataset {esc(name)} --as-of {day.isoformat()}</code>"
    about = (f"<p>Every answer in this paper is for {esc(long_date(day))} and comes from planning-bookcase's named "
             f"queries ({esc(', '.join(used))}), run on "
             + ("the public partnership's records (bodies that are not public, and every line to or from them, left "
                "out); the partnership's file names the document each record comes from. "
                f"The same answers, with every row, come from {command.replace('</code>', ' --public-only</code>')}; "
                "without --public-only the command line includes bodies that are not public, and where the "
                "partnership has any its answers can differ from this paper's (for example, more findings, or more "
                "services with a commissioner)."
                if c.basis.public else
                "the whole partnership's records, bodies that are not public included; the partnership's file names "
                f"the document each record comes from. The same answers, with every row, come from {command}.")
             + f"</p><p>{esc(dating.basis)}</p>")
    named = scenario.info.name if scenario is not None and scenario.info is not None else ""
    with_scenario = f", and what the scenario '{named}' would change" if named else ""
    warnings = "".join(f'<p class="warning">Note: {esc(w)}</p>' for w in dating.warnings)
    body = "".join(
        f'<section id="{s.id}" class="{"major" if s.id in ("findings", "scenario") else ""}">'
        f"<h2>{esc(s.title)}</h2>{s.body}</section>" for s in sections)
    document = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}, {esc(long_date(day))}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{esc(title)}</h1>
<p class="lead">The partnership on {esc(long_date(day))}{esc(with_scenario)}.</p>
{privacy}{warnings}
<nav aria-label="Contents"><h2>Contents</h2><ol>{contents}<li><a href="#about">About this paper</a></li></ol></nav>
</header>
<main>
{body}
<section id="about"><h2>About this paper</h2>{about}</section>
</main>
</body>
</html>
"""
    return Paper(title=title, day=day, html=document, sections=[s.id for s in sections])

