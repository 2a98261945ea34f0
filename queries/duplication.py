"""Duplication: active services of different partners that overlap, scored on how alike they really are.

The documents ask partners to map "what is already commissioned by each partner"
to "eliminate duplication of provision". Two services that merely share an
outcome, a cohort and a locality are not yet duplicates: an anti-bullying
programme and an attendance service can both work for better attainment of the
same pupils in the same area. The ``duplicates`` query therefore finds
*candidates* cheaply, by blocking, and then scores how alike the candidates
really are:

1. **Blocking.** Every active service gets one *key* per (outcome, cohort,
   locality) it covers: each outcome it CONTRIBUTES_TO × each cohort it TARGETS ×
   each locality it SERVES. A service with no outcome gets no key. A service
   that records no cohort (or no locality) gets ``None`` there, meaning "not
   recorded": it blocks with the other services that record none, and it also
   joins every block of the same outcome whose cohort (locality) it might be, since
   nothing shows it is not. Recorded cohorts match exactly. A locality's block
   also holds the services of the same outcome and cohort recorded for a wider
   locality containing it (the one rule of containment,
   :func:`queries.common.wider`): a city-wide service is delivered in each area of
   the city, so it blocks with a service for one area, while services for two
   different areas never block together on that account. Only services in one
   block are ever compared, never all pairs of services.
2. **Groups.** The services in a block are a candidate group; blocks with the
   same members are one group, and what a group shares is every key all its
   members have (the outcomes, cohorts and localities in common). A block with
   more than ``max_block`` services is *crowded*: it is reported as such (key,
   number of services, number of partners) rather than as a group.
3. **Different partners.** With ``cross_partner`` (the default) a group counts only
   when its members are not all commissioned and delivered by the same partners:
   at least two members differ in who COMMISSIONS or who DELIVERS them. A member
   with neither recorded counts as different from every other member, since
   nothing shows it is the same; so does a member commissioned or delivered by a
   *collective* partner (``collective: true``: an entry for many organisations,
   such as York's "Schools and school clusters"), since one such entry is not one
   provider. A near-identical pair (step 5) must itself be two such services.
4. **Score.** Each pair of members is scored on four parts, each from 0 to 1:

   - ``what`` - what they do: the similarity of their names and descriptions
     (below), with the names of cohorts, localities and organisations left out,
     since who they serve, where and who provides them are scored on their own;
   - ``who`` - who they serve: the overlap of their cohorts as sets (shared ÷ all,
     Jaccard);
   - ``where`` - where: the share of each one's localities that the other serves
     too, itself or through a wider locality it serves (an area is served by a
     city-wide service; the city is not served by an area service), the two
     shares averaged;
   - ``provider`` - the kind of provider: the overlap of the sectors of the
     partners delivering them (a unit counts as its host partner; where nobody
     is recorded as delivering, those commissioning stand in).

   A part that a member leaves unrecorded (no cohort, no locality, no provider of
   a known sector) counts as :data:`UNKNOWN`, half a match: nothing shows the
   services differ there, and nothing shows they are the same. The weights
   (:data:`WEIGHTS`) are what 0.5, who 0.2, where 0.2, provider 0.1, and the
   last three count only as far as the services do the same thing::

       score = what × (0.5 + 0.2 × who + 0.2 × where + 0.1 × provider)

   so a score near 1 means near-identical purpose, audience, place and kind of
   provider, while services that differ in what they do score at most their
   ``what``, however much else they share. A group's score and parts are the
   means over its pairs of members; each part carries its value, weight and
   contribution, and the contributions add up to the score. Groups are listed
   best score first, then larger groups first. In words: from 0.75 the members
   look like the same offer, from :data:`ALIKE` (0.5) they are much alike (the
   summary counts these), from 0.25 they overlap in part of what they do, and
   below that they do different things, however much else they share.
5. **Near-identical text.** Inside each block that is not crowded, and inside each
   crowded block in windows of ``max_block`` services sorted two ways (by their
   words as written and by their words in alphabetical order, so reordered texts
   meet; half-overlapping), the ``what`` of every pair of two such services is
   worked out; pairs at or above ``threshold`` (0-100, as shown to one decimal)
   are reported, each pair once, with their score and parts. A pair is skipped
   only when, even if every word of each that shares an initial with a word of
   the other matched, it would fall short of the threshold. Cost is bounded by
   the sum of squared block sizes, never by all pairs of services.

**Services that record no outcome.** A service directory (Open Referral UK,
HSDS) records names, descriptions, audiences and places, never outcomes, so the
outcome blocks above never see its services. Active services with no outcome are
therefore compared with each other by name (a service that records an outcome is
compared on its outcomes only, so answers on partnerships that record them do not
change):

- *blocking*: one block per word of their names (as text similarity reads
  them), per acronym in a name, and per the initials of a name of two words or
  more, so that "CAMHS" meets "Child and Adolescent Mental Health Services"; a
  pair is left out when both record cohorts and share none, or both record
  localities and neither serves where the other does (itself or inside a wider
  one). A block of more than ``max_block`` services is compared in sorted windows,
  as in step 5, so cost stays bounded by block sizes, not by all pairs;
- *grouping*: a pair is kept when its names are at least :data:`NAME_ALIKE` (0.9)
  alike, each word weighing ``1 + ln(N / n)`` for a word in ``n`` of the ``N``
  names, so that words most services are called by ("club", "support", "cost of
  living") weigh little, and a place or venue one name carries and the other does
  not ("Memory Cafe - Fishponds", "Memory Cafe - Kingswood") keeps them apart.
  Words match as themselves, as spelt nearly the same, or through an acronym in
  capitals; the names of organisations and places are left in, since in a
  directory they tell one listing from another. Kept pairs are joined into groups
  (a group is the services linked by kept pairs), then steps 3 to 5 apply: the
  different-partners rule, the same score (a group of one provider's listings,
  often one service listed twice, is counted and listed when ``cross_partner`` is
  off), near-identical texts. Such a group says ``basis: name`` and names the words
  its members' names share and how alike the names are.

A service with no description is compared with another on their names alone:
what a listing does not say is not a difference.

**Text similarity** (``what``, 0-100) compares two services' words after
rapidfuzz's ``default_process`` (lower case, punctuation out), with small words
("and", "of", "for" …) and one-letter words left out, plurals folded ("groups" →
"group"), and the names of the cohorts, localities and organisations linked to
any service being compared (what it targets or serves, who commissions or
delivers it) taken out. Each word of one service is matched against the
other's: the same word counts 1; an abbreviation ("svc" for "service", "prog."
for "programme": same first letter, its letters in order) counts 1; an acronym
("TaMHS", "CAMHS") counts 1 when its letters are the initials of a run of the
other's words ("targeted mental health (in) schools"), and so do the words of
that run; a near spelling (rapidfuzz ``ratio`` at least 80, same first letter)
counts its ratio. Words of the name weigh 2, words of the description 1; the
similarity is the matched weight of both services over their total weight (0
when either has no words left). Reordered texts score as the same; texts with
nothing in common but their words about people and place score near 0.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "Demo"}, nodes=[
...     {"id": "la", "type": "Partner", "name": "Council", "sector": "local-authority"},
...     {"id": "nhs", "type": "Partner", "name": "NHS trust", "sector": "health"},
...     {"id": "o", "type": "Outcome", "name": "Good mental health"},
...     {"id": "c", "type": "Cohort", "name": "Pupils"},
...     {"id": "york", "type": "Locality", "name": "York"},
...     {"id": "a", "type": "Service", "name": "TaMHS", "description": "Mental health workers in schools"},
...     {"id": "b", "type": "Service", "name": "Targeted Mental Health in Schools",
...      "description": "Mental health workers based in schools"}],
...   edges=[{"type": "COMMISSIONS", "from": "la", "to": "a"}, {"type": "COMMISSIONS", "from": "nhs", "to": "b"},
...          *[{"type": t, "from": s, "to": n} for s in ("a", "b")
...            for t, n in (("CONTRIBUTES_TO", "o"), ("TARGETS", "c"), ("SERVES", "york"))]])
>>> r = duplicates(p, DuplicatesParams())
>>> g = r.groups[0]
>>> [m.service.id for m in g.members], g.score
(['a', 'b'], 0.853)
>>> [(x.part, x.value, x.weight, x.contribution) for x in g.parts]
[('what', 0.947, 0.5, 0.474), ('who', 1.0, 0.2, 0.189), ('where', 1.0, 0.2, 0.189), ('provider', 0.0, 0.1, 0.0)]
>>> r.pairs[0].similarity
94.7
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import lru_cache
from itertools import combinations
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from graph_model import EdgeType, NodeType, Partnership

from .common import (
    NodeRef,
    active_service_ids,
    and_list,
    kept,
    lies_within,
    node_ref,
    plural,
    reachable,
    resolve_nodes,
    wider,
)
from .registry import QueryParams, QueryResult, register

__all__ = [
    "ALIKE",
    "NAME_ALIKE",
    "UNKNOWN",
    "WEIGHTS",
    "CrowdedBlock",
    "DuplicateGroup",
    "DuplicateMember",
    "DuplicatesParams",
    "DuplicatesResult",
    "ScorePart",
    "TextPair",
    "candidate_pairs",
    "duplicates",
    "text_similarity",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "duplication"

#: A blocking key: (outcome id, cohort id or None, locality id or None).
Key = tuple[str, str | None, str | None]
#: Who commissions and who delivers a service; ("unknown", id) when neither is recorded, ("collective", id) when a
#: collective partner (many organisations under one entry) is among them.
Profile = tuple[object, object]
#: The parts of a duplicate score.
Part = Literal["what", "who", "where", "provider"]

#: The weight of each part; ``who``, ``where`` and ``provider`` count only as far as ``what`` agrees.
WEIGHTS: dict[Part, float] = {"what": 0.5, "who": 0.2, "where": 0.2, "provider": 0.1}
#: What a part counts as when a member leaves it unrecorded: half a match.
UNKNOWN = 0.5
#: Groups scoring at least this look alike; below it they share an outcome, cohort and locality and little else.
ALIKE = 0.5
#: Services compared by name (one of them records no outcome) are grouped only when their names are at least
#: this alike (0-1), each word weighing by how rare it is among the names of the active services.
NAME_ALIKE = 0.9
#: Plain words for the parts, as the summary and explanations use them.
PART_WORDS: dict[Part, str] = {"what": "what they do", "who": "who they serve", "where": "where",
                               "provider": "the kind of provider"}


class DuplicatesParams(QueryParams):
    node: list[str] = Field(default_factory=list, description="Only groups and pairs that include these services "
                                                              "(ids or exact names); all when empty.")
    cross_partner: bool = Field(True, description="Only overlaps between services with different commissioners "
                                                  "or providers.")
    text: bool = Field(True, description="Also list near-identical names and descriptions inside each block.")
    threshold: float = Field(75.0, ge=0, le=100, description="Similarity of names and descriptions (0-100, the "
                                                             "score's 'what' part) at or above which two services "
                                                             "are near-duplicates.")
    max_block: int = Field(50, ge=2, description="A block with more services than this is reported as crowded "
                                                 "and compared for text in sorted windows of this size.")
    limit: int = Field(200, ge=0, description="Most groups and pairs to list, best first; 0 lists all.")


class DuplicateMember(BaseModel):
    """A service in a duplicate group, with who commissions and delivers it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: NodeRef
    commissioners: list[NodeRef]
    deliverers: list[NodeRef]


class ScorePart(BaseModel):
    """One part of a duplicate score: its value, its weight and what it adds to the score."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    part: Part
    value: float = Field(description="0-1; 1 = the same (a group's is the mean over its pairs of members).")
    weight: float = Field(description="The part's weight (WEIGHTS).")
    contribution: float = Field(description="What the part adds to the score; the contributions add up to it.")
    known: bool = Field(description="False when a member leaves the part unrecorded (then it counts as 0.5).")


def _parts_text(parts: Sequence[ScorePart]) -> str:
    return ", ".join(f"{PART_WORDS[x.part]} {x.value:.2f}" + ("" if x.known else " (not recorded)") for x in parts)


def _judgement(score: float, parts: Sequence[ScorePart]) -> str:
    """How alike a score says services are, in words, with the parts they differ in."""
    differ = [PART_WORDS[x.part] for x in parts if x.known and x.value < ALIKE and x.part != "what"]
    but = f", though they differ in {and_list(differ)}" if differ else ""
    if score >= 0.75:
        return "they look like the same offer" + but
    if score >= ALIKE:
        return "they are much alike" + but
    if score >= 0.25:
        return "they overlap in part of what they do" + but
    return "they do different things" + but


class DuplicateGroup(BaseModel):
    """Active services that share outcome × cohort × locality combinations, scored on how alike they are."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    members: list[DuplicateMember]
    score: float = Field(description="How alike the members are, 0-1 (see the module docstring): "
                                     "what × (0.5 + 0.2 who + 0.2 where + 0.1 provider), averaged over pairs.")
    parts: list[ScorePart] = Field(description="The score's parts (what, who, where, provider).")
    shared_keys: int = Field(description="How many (outcome, cohort, locality) combinations all members cover.")
    outcomes: list[NodeRef]
    cohorts: list[NodeRef]
    localities: list[NodeRef]
    unrecorded: list[Literal["cohort", "locality"]] = Field(
        description="Dimensions at least one member leaves unrecorded (they match anything, and score 0.5).")
    collective: list[NodeRef] = Field(default_factory=list,
                                      description="Collective partners (many organisations under one entry) that "
                                                  "commission or deliver two or more of the members: not one "
                                                  "provider, so the members may come from different organisations.")
    basis: Literal["outcome", "name"] = Field(
        "outcome", description="What brought the members together: a shared outcome (with cohort and locality), or, "
                               "where a member records no outcome (as a service directory records none), their "
                               "names (with cohort and locality where recorded).")
    name_words: list[str] = Field(default_factory=list,
                                  description="Basis 'name': the words all the members' names share, as compared "
                                              "(lower case, plurals folded, small words left out).")
    name_similarity: float | None = Field(None, description="Basis 'name': how alike the members' names are, 0-1, "
                                                            "a rare word weighing more than a common one (the mean "
                                                            "over pairs of members); at least NAME_ALIKE (0.9).")

    def explain(self) -> str:
        """What the members share and how alike they are, in one sentence."""
        names = and_list([m.service.label for m in self.members])
        verb = "both" if len(self.members) == 2 else "all"
        if self.basis == "name":
            words = and_list([f"'{w}'" for w in self.name_words]) if self.name_words else "no word"
            parts = [f"{names} record no outcome, so they were compared by name: their names share "
                     f"{words} (name similarity {self.name_similarity or 0:.2f})"]
        else:
            parts = [f"{names} {verb} contribute to {and_list([o.label for o in self.outcomes])}"]
        if self.cohorts:
            parts.append(f"for {and_list([c.label for c in self.cohorts])}")
        if self.localities:
            parts.append(f"in {and_list([loc.label for loc in self.localities])}")
        if self.basis == "name" and len(parts) > 1:
            parts[0] += ","
        text = " ".join(parts)
        if self.unrecorded:
            text += f" (no {' or '.join(self.unrecorded)} recorded)"
        if self.collective:
            text += (f" (provided through {and_list([c.label for c in self.collective], sep='; ')}: many "
                     "organisations under one entry)")
        return f"{text}; {_judgement(self.score, self.parts)} ({_parts_text(self.parts)})"


class CrowdedBlock(BaseModel):
    """An outcome × cohort × locality combination served by more than ``max_block`` services."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: NodeRef
    cohort: NodeRef | None
    locality: NodeRef | None
    services: int
    partners: int = Field(description="Distinct partners commissioning or delivering those services.")


class TextPair(BaseModel):
    """Two services in one block whose names and descriptions are near-identical."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    a: NodeRef
    b: NodeRef
    similarity: float = Field(description="Similarity of name and description, 0-100 (the score's 'what' × 100).")
    score: float = Field(description="The pair's duplicate score, 0-1, as for a group.")
    parts: list[ScorePart]
    outcomes: list[NodeRef] = Field(description="Outcomes both contribute to.")
    cohorts: list[NodeRef] = Field(description="Cohorts both target.")
    localities: list[NodeRef] = Field(description="Localities both serve.")


def _column(part: Part) -> str:
    return f"{part} (×{WEIGHTS[part]:g})"


def _cell(x: ScorePart) -> str:
    return f"{x.value:.2f}" if x.known else f"{x.value:.2f} (not recorded)"


class DuplicatesResult(QueryResult):
    groups: list[DuplicateGroup]
    total_groups: int = Field(description="Groups found before the limit.")
    alike_groups: int = Field(description="Groups found scoring at least ALIKE (0.5).")
    crowded: list[CrowdedBlock]
    pairs: list[TextPair]
    total_pairs: int = Field(description="Near-identical pairs found before the limit.")
    services_checked: int = Field(description="Active services with at least one outcome.")
    services_by_name: int = Field(0, description="Active services with no outcome (a service directory records "
                                                 "none), compared by name, cohort and locality instead.")
    cross_partner: bool = Field(description="Whether only overlaps across different partners were kept.")
    same_partner_groups: int = Field(description="Groups left out because one set of partners commissions and "
                                                 "delivers all their services (0 when cross_partner is off).")
    threshold: float | None = Field(description="The text threshold used; None when text was not compared.")

    columns: ClassVar[tuple[str, ...]] = ("kind", "score", *(_column(p) for p in WEIGHTS), "services", "outcomes",
                                          "cohorts", "localities", "partners")

    def table(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for g in self.groups:
            partners = {p.name for m in g.members for p in (*m.commissioners, *m.deliverers)}
            rows.append({"kind": "overlap" if g.basis == "outcome" else "overlap by name", "score": g.score, **{_column(x.part): _cell(x) for x in g.parts},
                         "services": [m.service.name for m in g.members],
                         "outcomes": [o.name for o in g.outcomes], "cohorts": [c.name for c in g.cohorts],
                         "localities": [loc.name for loc in g.localities], "partners": sorted(partners)})
        for t in self.pairs:
            rows.append({"kind": "near-identical text", "score": t.score,
                         **{_column(x.part): _cell(x) for x in t.parts},
                         "services": [t.a.name, t.b.name], "outcomes": [o.name for o in t.outcomes],
                         "cohorts": [c.name for c in t.cohorts], "localities": [loc.name for loc in t.localities],
                         "partners": []})
        return rows

    def summary(self) -> str:
        everyone = self.services_checked + self.services_by_name
        if not everyone:
            return "There is no active service, so there is nothing to compare."
        if everyone == 1:
            return "There is only one active service, so there is nothing to compare it with."
        lines = []
        on = "outcome, cohort and locality" + (" (or, with no outcome recorded, on name)" if self.services_by_name
                                               else "")
        lumped = [g for g in self.groups if g.collective]
        across = ((" across different partners" + (" or within a collective one" if lumped else ""))
                  if self.cross_partner else "")
        if self.groups:
            shown = "" if self.total_groups == len(self.groups) else f" ({len(self.groups)} listed)"
            unlike = self.total_groups - self.alike_groups
            alike = (f"{'all' if not unlike else self.alike_groups} "
                     f"{'looks' if unlike and self.alike_groups == 1 else 'look'} alike (score ≥ {ALIKE:g})"
                     if self.alike_groups else f"none looks alike (score ≥ {ALIKE:g})")
            rest = (f"; the other {unlike} share those but little else" if self.alike_groups and unlike
                    else "")
            verb = "overlaps" if self.total_groups == 1 else "overlap"
            lines.append(f"{plural(self.total_groups, 'group')} of active services {verb} on {on}"
                         f"{across}{shown}: {alike}{rest}. "
                         f"Closest (score {self.groups[0].score:.2f}): {self.groups[0].explain()}.")
        else:
            besides = "Outside the crowded combinations below, no" if self.crowded else "No"
            which = " with an outcome" if not self.services_by_name else ""
            lines.append(f"{besides} two of the {everyone} active services{which} overlap on {on}{across}.")
        if self.services_by_name:
            n = self.services_by_name
            lines.append(f"{plural(n, 'active service')} record{'s' if n == 1 else ''} no outcome (a service "
                         f"directory records none), so {'it was' if n == 1 else 'they were'} compared with each "
                         "other by name: blocked on each word of the name, kept apart where the cohorts or localities they "
                         f"record differ, and grouped only where the names match (name similarity ≥ {NAME_ALIKE:g}, rare "
                         "words weighing more than common ones, so that a place or venue named in one and not the "
                         "other keeps them apart), then scored as any group is.")
        if lumped and self.cross_partner:
            names = list(dict.fromkeys(c.label for g in lumped for c in g.collective))
            lines.append(f"{plural(len(lumped), 'listed group')} {'is' if len(lumped) == 1 else 'are'} commissioned or "
                         f"delivered by {and_list(names, sep='; ')}, "
                         f"{'an entry' if len(names) == 1 else 'entries'} for many organisations, not one provider: "
                         "counted as possibly overlapping, since the members may come from different organisations.")
        if self.same_partner_groups:
            n = self.same_partner_groups
            lines.append(f"{plural(n, 'more group')} of services overlap{'s' if n == 1 else ''} but "
                         f"{'is' if n == 1 else 'are each'} commissioned and delivered by one set of partners "
                         "(listed when cross_partner is off)"
                         + ("; among services compared by name, often one provider's service listed more than once."
                            if self.services_by_name else "."))
        if self.crowded:
            worst = max(self.crowded, key=lambda c: c.services)
            lines.append(f"{len(self.crowded)} combination{'s are' if len(self.crowded) != 1 else ' is'} crowded; "
                         f"the busiest, {worst.outcome.label}"
                         + (f" for {worst.cohort.label}" if worst.cohort else "")
                         + (f" in {worst.locality.label}" if worst.locality else "")
                         + f", has {worst.services} services from {worst.partners} partners.")
        if self.threshold is not None:
            if self.pairs:
                best = self.pairs[0]
                lines.append(f"{plural(self.total_pairs, 'pair')} of services have near-identical names and "
                             f"descriptions (similarity ≥ {self.threshold:g}), e.g. "
                             f"{best.a.label} and {best.b.label} ({best.similarity:.0f}).")
            else:
                lines.append(f"No pair of overlapping services has near-identical descriptions "
                             f"(similarity ≥ {self.threshold:g}).")
        return "\n".join(lines)


# -- text similarity ---------------------------------------------------------------------------------

#: Small words left out of text similarity.
_STOP = frozenset(["a", "an", "and", "the", "of", "for", "in", "into", "to", "with", "at", "by", "on", "from", "as",
                   "or", "its", "their", "our", "who", "which", "that", "this", "these", "those", "is", "are", "be"])
#: A word with two or more capitals, such as an acronym: CAMHS, TaMHS, ELSA.
_ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A word with a plural ending folded: ``families`` → ``family``, ``groups`` → ``group``."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _words(text: str, keep: frozenset[str] = frozenset(), *, small: bool = False) -> list[str]:
    """The words of ``text``, plurals folded; small and one-letter words left out unless ``small`` or in ``keep``."""
    return [_stem(w) for w in default_process(text).split()
            if w in keep or small or (len(w) > 1 and w not in _STOP)]


@lru_cache(maxsize=65536)
def _phrase(name: str) -> tuple[str, ...]:
    """A name of a cohort, locality or organisation as the words to take out of a text."""
    return tuple(_words(name))


class _Phrases:
    """Names to take out of texts, as runs of words: for each first word, the lengths of the names it begins."""

    __slots__ = ("lengths", "names")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names: set[tuple[str, ...]] = set()
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in names:
            phrase = _phrase(name)
            if phrase:
                self.names.add(phrase)
                lengths[phrase[0]].add(len(phrase))
        self.lengths = {k: sorted(v, reverse=True) for k, v in lengths.items()}


def _strip(words: list[str], phrases: _Phrases) -> list[str]:
    """``words`` with every run that is one of ``phrases`` taken out (the longest first)."""
    out: list[str] = []
    i, n = 0, len(words)
    lengths, names = phrases.lengths, phrases.names
    while i < n:
        for size in lengths.get(words[i], ()):
            if tuple(words[i:i + size]) in names:
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


class _Side:
    """One service's words as compared: each with its weight (2 in the name, 1 in the description)."""

    __slots__ = ("by_initial", "initials", "present", "total", "weight_by_initial", "words")

    def __init__(self, name: list[str], desc: list[str], weight: Callable[[str], float] | None = None) -> None:
        if weight is None:
            self.words = [(w, 2.0) for w in name] + [(w, 1.0) for w in desc]
        else:  # a name compared on its own: each word weighs what ``weight`` says (how rare it is)
            self.words = [(w, weight(w)) for w in (*name, *desc)]
        self.total = sum(w for _, w in self.words)
        self.present = frozenset(w for w, _ in self.words)
        by_initial: dict[str, list[str]] = defaultdict(list)
        for w in self.present:
            by_initial[w[0]].append(w)
        self.by_initial = {k: tuple(v) for k, v in by_initial.items()}
        weights: dict[str, float] = defaultdict(float)
        for w, each in self.words:
            weights[w[0]] += each
        self.weight_by_initial = dict(weights)
        self.initials = frozenset(weights)

    def reachable(self, other: _Side) -> float:
        """The weight of the words that could match any of ``other``'s at all (their initial occurs there)."""
        return sum(map(self.weight_by_initial.__getitem__, self.initials & other.initials))


class _Text:
    """A service's words for text similarity, worked out once per service."""

    __slots__ = ("_words", "acronyms", "letters", "named", "side", "text")

    def __init__(self, name: str, description: str, phrases: _Phrases,
                 weight: Callable[[str], float] | None = None) -> None:
        self.acronyms: dict[str, tuple[str, ...]] = {}
        for w in _ACRONYM.findall(f"{name} {description}"):
            if len(w) <= 8:
                capitals = "".join(ch for ch in w if ch.isupper()).lower()
                self.acronyms[_stem(w.lower())] = tuple(dict.fromkeys((w.lower(), capitals)))
        keep = frozenset(w.lower() for w in self.acronyms)
        self.letters = frozenset("".join(f for forms in self.acronyms.values() for f in forms))
        words = _strip(_words(name, keep), phrases) or _words(name, keep)
        described = _strip(_words(description, keep), phrases)
        self.side = _Side(words, described, weight)
        #: The name's words alone, when the service has a description: compared with a service that has none
        self.named = _Side(words, [], weight) if described else self.side
        self.text = f"{name} {description}"
        self._words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        """Every word, small ones too, for spelling out the other service's acronyms (worked out when needed)."""
        if self._words is None:
            self._words = _words(self.text, small=True)
        return self._words


@lru_cache(maxsize=262144)
def _word_score(w: str, u: str) -> float:
    """How well word ``w`` matches word ``u`` (same first letter): 1 for an abbreviation, else the ratio from 80."""
    if _abbreviates(w, u) or _abbreviates(u, w):
        return 1.0
    return fuzz.ratio(w, u, score_cutoff=80) / 100


def _abbreviates(short: str, long: str) -> bool:
    """``short`` (2-4 letters) abbreviates ``long``: the same first letter, its letters in order in ``long``."""
    if not 2 <= len(short) <= 4 or len(long) < len(short) + 2 or short[0] != long[0]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


def _spell(letters: str, words: list[str], at: int) -> list[str] | None:
    """The words from ``at`` whose initials are ``letters``, small words between them skipped if need be."""
    if not letters:
        return []
    if at >= len(words):
        return None
    word = words[at]
    if word[0] == letters[0]:
        rest = _spell(letters[1:], words, at + 1)
        if rest is not None:
            return [word, *rest]
    if word in _STOP or len(word) == 1:
        return _spell(letters, words, at + 1)
    return None


def _spelt(acronyms: dict[str, tuple[str, ...]], words: list[str]) -> dict[str, frozenset[str]]:
    """Each acronym that spells a run of ``words`` (its first word not a small one), with the words it stands for."""
    found: dict[str, frozenset[str]] = {}
    for token, forms in acronyms.items():
        for form in forms:
            if len(form) < 2:
                continue
            for at, word in enumerate(words):
                if word[0] == form[0] and word not in _STOP:
                    run = _spell(form, words, at)
                    if run is not None:
                        found[token] = frozenset(run)
                        break
            if token in found:
                break
    return found


def _matched(mine: _Side, theirs: _Side, spelt: dict[str, frozenset[str]], given: frozenset[str]) -> float:
    """The weight of ``mine`` matched in ``theirs`` (acronyms ``spelt`` out there; words ``given`` by theirs)."""
    total = 0.0
    present, by_initial = theirs.present, theirs.by_initial
    for w, weight in mine.words:
        if w in present or w in spelt or w in given:
            total += weight
            continue
        best = 0.0
        for u in by_initial.get(w[0], ()):
            score = _word_score(w, u)
            if score > best:
                best = score
                if best >= 1.0:
                    break
        total += best * weight
    return total


def _most(x: _Text, a: _Side, y: _Text, b: _Side) -> float:
    """The most weight of ``x``'s words ``a`` that could match ``y``'s words ``b``: the words whose initial occurs
    there, ``x``'s acronyms, and the words whose initial is a letter of one of ``y``'s acronyms."""
    most = a.reachable(b)
    if x.acronyms:
        most += sum(w for word, w in a.words if word in x.acronyms)
    if y.acronyms:
        weights = a.weight_by_initial
        most += sum(map(weights.__getitem__, (y.letters & a.initials) - b.initials))
    return min(most, a.total)


def _similarity(x: _Text, y: _Text, floor: float = 0.0) -> float | None:
    """Similarity of two services' texts, 0-100 (see the module docstring); None when it is surely below ``floor``."""
    a, b = x.side, y.side
    if (a is x.named) != (b is y.named):  # one has no description: what is not written is not a difference
        a, b = x.named, y.named
    if not a.words or not b.words:
        return 0.0 if floor <= 0 else None
    total = a.total + b.total
    if floor > 0:  # even if every word that could match did, would the pair reach the floor?
        if x.acronyms or y.acronyms:
            most = _most(x, a, y, b) + _most(y, b, x, a)
        else:
            common = a.initials & b.initials
            most = sum(map(a.weight_by_initial.__getitem__, common)) + sum(
                map(b.weight_by_initial.__getitem__, common))
        if 100.0 * most < floor * total:
            return None
    spelt_a = _spelt(x.acronyms, y.words) if x.acronyms else {}
    spelt_b = _spelt(y.acronyms, x.words) if y.acronyms else {}
    given_a: frozenset[str] = frozenset().union(*spelt_b.values()) if spelt_b else frozenset()
    given_b: frozenset[str] = frozenset().union(*spelt_a.values()) if spelt_a else frozenset()
    return 100.0 * (_matched(a, b, spelt_a, given_a) + _matched(b, a, spelt_b, given_b)) / total


def text_similarity(a: tuple[str, str], b: tuple[str, str], context: Iterable[str] = ()) -> float:
    """The similarity (0-100) of two services' (name, description), the names in ``context`` left out.

    >>> text_similarity(("Parenting Programme", "Structured courses that build parenting skills"),
    ...                 ("Parenting Prog.", "Courses that build parenting skills, structured"))
    100.0
    >>> round(text_similarity(("Anti-bullying Programme", "Whole-school work to prevent bullying"),
    ...                       ("Attendance Improvement Service", "Casework with families where children miss school")))
    9
    """
    phrases = _Phrases(context)
    return round(_similarity(_Text(*a, phrases), _Text(*b, phrases)) or 0.0, 1)


# -- the name basis: services that record no outcome ------------------------------------------------


class _Names:
    """The names of the active services, for comparing the services that record no outcome.

    Each name's words (as text similarity reads them: lower case, plurals folded, small words out) and each word's
    weight, ``1 + ln(N / n)`` for a word in ``n`` of the ``N`` names: a word most services are called by ("club",
    "service", "support") weighs little; a place, a venue or a kind of activity few names carry weighs much. Names
    are compared whole, with the names of organisations and places left in: in a directory they are what tells
    one listing of a common activity from another.
    """

    def __init__(self, p: Partnership, services: Sequence[str]) -> None:
        self.p = p
        self.words = {s: list(dict.fromkeys(_words(p.node(s).name))) for s in services}
        counts: dict[str, int] = defaultdict(int)
        for words in self.words.values():
            for w in words:
                counts[w] += 1
        n = max(1, len(services))
        self.weights = {w: 1.0 + math.log(n / c) for w, c in counts.items()}
        self.rarest = 1.0 + math.log(n)
        self._texts: dict[str, _Text] = {}
        self._none = _Phrases()

    def weight(self, word: str) -> float:
        return self.weights.get(word, self.rarest)

    def text(self, sid: str) -> _Text:
        found = self._texts.get(sid)
        if found is None:
            name = self.p.node(sid).name
            found = self._texts[sid] = _Text(name, "", self._none, self.weight)
            # In a name, a word in capitals at least half way is an acronym ("AA", "TaMHS"); a name run together
            # ("TellMama") is not
            real = {_stem(w.lower()) for w in _ACRONYM.findall(name) if 2 * sum(ch.isupper() for ch in w) >= len(w)}
            found.acronyms = {k: v for k, v in found.acronyms.items() if k in real}
            found.letters = frozenset("".join(f for forms in found.acronyms.values() for f in forms))
        return found

    def similarity(self, a: str, b: str, floor: float = 0.0) -> float | None:
        """How alike two names are, 0-1 (None when surely below ``floor``): the weight of the words of each found in
        the other over the weight of both. A word is found as itself, as an acronym the other spells out ("AA",
        "Alcoholics Anonymous") or one of the words it spells, or spelt nearly the same (rapidfuzz ``ratio`` at
        least :data:`_NAME_SPELLING`, same first letter, counting its ratio); not as an abbreviation, which names
        of places and activities too often look like ("Fun" in "Fusion")."""
        x, y = self.text(a), self.text(b)
        one, two = x.side, y.side
        total = one.total + two.total
        if not one.words or not two.words or not total:
            return 0.0 if floor <= 0 else None
        if floor > 0 and not (x.acronyms or y.acronyms):
            common = one.initials & two.initials
            most = sum(map(one.weight_by_initial.__getitem__, common)) + sum(
                map(two.weight_by_initial.__getitem__, common))
            if most < floor * total:
                return None
        spelt_x = _spelt(x.acronyms, y.words) if x.acronyms else {}
        spelt_y = _spelt(y.acronyms, x.words) if y.acronyms else {}
        given_x: frozenset[str] = frozenset().union(*spelt_y.values()) if spelt_y else frozenset()
        given_y: frozenset[str] = frozenset().union(*spelt_x.values()) if spelt_x else frozenset()
        return (_name_matched(one, two, spelt_x, given_x) + _name_matched(two, one, spelt_y, given_y)) / total


#: The least rapidfuzz ``ratio`` at which a word of one name is taken as a spelling of a word of another.
_NAME_SPELLING = 85


def _name_matched(mine: _Side, theirs: _Side, spelt: dict[str, frozenset[str]], given: frozenset[str]) -> float:
    """The weight of ``mine``'s words found in ``theirs`` (see :meth:`_Names.similarity`)."""
    total = 0.0
    for w, weight in mine.words:
        if w in theirs.present or w in spelt or w in given:
            total += weight
            continue
        best = max((fuzz.ratio(w, u, score_cutoff=_NAME_SPELLING) for u in theirs.by_initial.get(w[0], ())),
                   default=0.0)
        total += best / 100 * weight
    return total


def _name_pairs(names: _Names, unlinked: Sequence[str], targets: dict[str, list[str]],
                serves: dict[str, list[str]], wider_of: Callable[[str], Sequence[str]],
                max_block: int) -> list[tuple[str, str, float]]:
    """Pairs of services in ``unlinked`` (recording no outcome) whose names are at least NAME_ALIKE alike, each pair
    once. Blocked on each word of their names, and on the initials of each name of two words or more (so that a
    name meets its acronym); a pair is left out
    when both record cohorts and share none, or both record localities and neither serves a place the other
    serves (itself or inside a wider one), as outcome blocks keep them apart; a block of more than ``max_block``
    services is compared in sorted windows, as crowded blocks are for text."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for s in unlinked:
        words = names.words[s]
        initials = "".join(w[0] for w in words)  # a long name meets its acronym: "child ... services" and "camhs"
        acronyms = [form for forms in names.text(s).acronyms.values() for form in forms]  # as written: "camhs"
        for key in dict.fromkeys((*words, *acronyms, *((initials,) if len(words) > 1 else ()))):
            blocks[key].append(s)
    around: dict[str, frozenset[str]] = {}

    def within(loc: str) -> frozenset[str]:
        if loc not in around:
            around[loc] = frozenset((loc, *wider_of(loc)))
        return around[loc]

    def apart(a: str, b: str) -> bool:
        """Both record cohorts and share none, or both record localities and neither serves where the other does."""
        ca, cb = targets.get(a), targets.get(b)
        if ca and cb and set(ca).isdisjoint(cb):
            return True
        la, lb = serves.get(a), serves.get(b)
        return bool(la and lb and not any(not within(x).isdisjoint(lb) for x in la)
                    and not any(not within(x).isdisjoint(la) for x in lb))

    step = max(1, max_block // 2)
    seen: set[tuple[str, str]] = set()
    found: list[tuple[str, str, float]] = []
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= max_block:
            windows = [members]
        else:
            ordered = sorted(members, key=lambda s: (names.words[s], s))
            windows = [ordered[i:i + max_block] for i in range(0, max(1, len(ordered) - step), step)]
        for window in windows:
            for a, b in combinations(sorted(window), 2):
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if apart(a, b):
                    continue
                sim = names.similarity(a, b, NAME_ALIKE - 0.0005)
                if sim is not None and round(sim, 3) >= NAME_ALIKE:
                    found.append((a, b, sim))
    return found


def _components(pairs: Iterable[tuple[str, str, float]]) -> list[tuple[str, ...]]:
    """The services linked by ``pairs``, as groups (each sorted), in the order first met."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        groups[root(x)].append(x)
    return [tuple(sorted(g)) for g in groups.values()]


def _name_group(p: Partnership, members: tuple[str, ...], names: _Names, score: float, parts: list[ScorePart],
                targets: dict[str, list[str]], serves: dict[str, list[str]], commissioners: dict[str, list[str]],
                deliverers: dict[str, list[str]], collective: frozenset[str]) -> DuplicateGroup:
    """A group of services brought together by name: what their names, cohorts and localities share."""
    words = [w for w in names.words[members[0]] if all(w in names.words[s] for s in members[1:])]
    cohorts = sorted(set.intersection(*(set(targets.get(s, ())) for s in members)))
    places = {x for s in members for x in serves.get(s, ())}
    shared = {x for x in places
              if all(any(lies_within(p, x, y) for y in serves.get(s, ())) for s in members)}
    localities = sorted(x for x in shared if not any(y != x and lies_within(p, x, y) for y in shared))
    unrecorded: list[Literal["cohort", "locality"]] = []
    if any(not targets.get(s) for s in members):
        unrecorded.append("cohort")
    if any(not serves.get(s) for s in members):
        unrecorded.append("locality")
    sims = [names.similarity(a, b) or 0.0 for a, b in combinations(members, 2)]
    return DuplicateGroup(
        members=[DuplicateMember(service=node_ref(p, s),
                                 commissioners=[node_ref(p, x) for x in dict.fromkeys(commissioners.get(s, ()))],
                                 deliverers=[node_ref(p, x) for x in dict.fromkeys(deliverers.get(s, ()))])
                 for s in members],
        score=score, parts=parts, shared_keys=0, outcomes=[], cohorts=[node_ref(p, c) for c in cohorts],
        localities=[node_ref(p, loc) for loc in localities], unrecorded=unrecorded,
        collective=[node_ref(p, x) for x in _shared_collective(members, collective, commissioners, deliverers)],
        basis="name", name_words=words, name_similarity=round(sum(sims) / len(sims), 3))


# -- the query ------------------------------------------------------------------------------------


@register("duplicates", family=FAMILY, purpose="Active services of different partners overlapping on outcome, "
          "cohort and locality (services with no outcome, as in a service directory, on name), scored on how alike "
          "they are (what they do, for whom, where, what kind of provider); near-identical descriptions.",
          params=DuplicatesParams, result=DuplicatesResult)
def duplicates(p: Partnership, params: DuplicatesParams) -> DuplicatesResult:
    """Find overlapping services by blocking on (outcome, cohort, locality), then score them (see the module docstring).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "o", "type": "Outcome", "name": "Less obesity"},
    ...     {"id": "a", "type": "Service", "name": "Healthy schools"},
    ...     {"id": "b", "type": "Service", "name": "Cook and eat"}],
    ...   edges=[{"type": "CONTRIBUTES_TO", "from": "a", "to": "o"},
    ...          {"type": "CONTRIBUTES_TO", "from": "b", "to": "o"}])
    >>> duplicates(p, DuplicatesParams(text=False)).groups[0].unrecorded
    ['cohort', 'locality']
    """
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    targets = p.adjacency(EdgeType.TARGETS, "out")
    serves = p.adjacency(EdgeType.SERVES, "out")
    commissioners = p.adjacency(EdgeType.COMMISSIONS, "in")
    deliverers = p.adjacency(EdgeType.DELIVERS, "in")
    focus = set(resolve_nodes(p, params.node, query="duplicates", types=[NodeType.SERVICE])) if params.node else None

    active = active_service_ids(p)
    blocks, keys_of = _blocks(active, contributes, targets, serves, lambda loc: wider(p, loc))
    # Services that record no outcome (a service directory records none) are compared by name instead.
    unlinked = [s for s in active if not contributes.get(s)]
    names = kept(p, "duplicates-names", lambda: _Names(p, unlinked)) if len(unlinked) > 1 else None
    name_groups = _components(_name_pairs(names, unlinked, targets, serves, lambda loc: wider(p, loc),
                                          params.max_block)) if names is not None else []
    collective = kept(p, "collective partners", lambda: frozenset(
        n.id for n in p.nodes(NodeType.PARTNER) if n.collective))  # type: ignore[attr-defined]

    profiles: dict[str, Profile] = {}

    def profile(sid: str) -> Profile:
        if sid not in profiles:
            profiles[sid] = _profile(sid, commissioners, deliverers, collective)
        return profiles[sid]

    def differ(members: Sequence[str]) -> bool:
        return not params.cross_partner or len({profile(s) for s in members}) > 1

    # Distinct member sets; crowded blocks set aside.
    member_sets: dict[frozenset[str], None] = {}
    crowded_keys: list[Key] = []
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        if len(members) > params.max_block:
            crowded_keys.append(key)
        else:
            member_sets.setdefault(frozenset(members), None)

    candidates = frozenset(s for m in (*member_sets, *(blocks[k] for k in crowded_keys), *name_groups) for s in m)
    # A loaded partnership does not change: what was worked out for these candidates (each service's
    # words, each pair's score) is kept with it, as its indexes are, for the next time it is asked.
    scorers: dict[frozenset[str], _Scorer] = kept(p, "duplicates-scorers", dict)
    scorer = scorers.get(candidates)
    if scorer is None:
        if len(scorers) >= _KEEP_SCORERS:
            scorers.pop(next(iter(scorers)))
        scorer = scorers[candidates] = _Scorer(p, targets, serves, commissioners, deliverers)
        scorer.prepare(candidates)
    scored: list[tuple[float, int, tuple[str, ...], list[ScorePart], bool]] = []
    same_partner = 0
    for group, by_name in [*((tuple(sorted(m)), False) for m in member_sets), *((g, True) for g in name_groups)]:
        if focus is not None and focus.isdisjoint(group):
            continue
        if not differ(group):
            same_partner += 1
            continue
        score, parts = scorer.group(group)
        scored.append((score, len(group), group, parts, by_name))
    scored.sort(key=lambda g: (-g[0], -g[1], g[2]))
    shown = scored[: params.limit or None]
    groups = [_name_group(p, members, names, score, parts, targets, serves, commissioners, deliverers, collective)
              if by_name and names is not None else
              _group(p, members, keys_of, score, parts, commissioners, deliverers, collective)
              for score, _, members, parts, by_name in shown]

    crowded = []
    for key in crowded_keys:
        members = blocks[key]
        if focus is not None and focus.isdisjoint(members):
            continue
        partners = {x for s in members for x in (*commissioners.get(s, ()), *deliverers.get(s, ()))}
        o, c, loc = key
        crowded.append(CrowdedBlock(outcome=node_ref(p, o), cohort=node_ref(p, c) if c else None,
                                    locality=node_ref(p, loc) if loc else None, services=len(members),
                                    partners=len(partners)))
    crowded.sort(key=lambda c: -c.services)

    pairs: list[TextPair] = []
    total_pairs = 0
    if params.text:
        named = {frozenset(g): None for g in name_groups if len(g) <= params.max_block}
        found = _similar_pairs(scorer, {**member_sets, **named}, [blocks[k] for k in crowded_keys]
                               + [list(g) for g in name_groups if len(g) > params.max_block], params, focus, profile)
        found.sort(key=lambda t: (-t[2], t[0], t[1]))
        total_pairs = len(found)
        def both(links: dict[str, list[str]], a: str, b: str) -> list[NodeRef]:
            theirs = set(links.get(b, ()))
            return [node_ref(p, x) for x in dict.fromkeys(links.get(a, ())) if x in theirs]

        for a, b, sim in found[: params.limit or None]:
            score, parts = scorer.group((a, b))
            pairs.append(TextPair(a=node_ref(p, a), b=node_ref(p, b), similarity=sim, score=score, parts=parts,
                                  outcomes=both(contributes, a, b), cohorts=both(targets, a, b),
                                  localities=both(serves, a, b)))

    return DuplicatesResult(groups=groups, total_groups=len(scored),
                            alike_groups=sum(1 for g in scored if g[0] >= ALIKE), crowded=crowded, pairs=pairs,
                            total_pairs=total_pairs, services_checked=len(keys_of), services_by_name=len(unlinked),
                            cross_partner=params.cross_partner, same_partner_groups=same_partner,
                            threshold=params.threshold if params.text else None)


def _profile(sid: str, commissioners: dict[str, list[str]], deliverers: dict[str, list[str]],
             collective: frozenset[str]) -> Profile:
    """Who commissions and who delivers a service, as step 3 compares them: a service with neither recorded, or
    with a collective partner among them, has a profile of its own (it differs from every other)."""
    com, dlv = frozenset(commissioners.get(sid, ())), frozenset(deliverers.get(sid, ()))
    if not (com or dlv):
        return ("unknown", sid)
    return ("collective", sid) if not collective.isdisjoint(com | dlv) else (com, dlv)


def candidate_pairs(p: Partnership, *, cross_partner: bool = True,
                    max_block: int = 50) -> dict[tuple[str, str], list[Key]]:
    """The pairs of active services ``duplicates`` compares on their outcomes, before any scoring: two services
    in one block of at most ``max_block`` services (steps 1 and 2 of the module docstring), of different partners
    when ``cross_partner`` (step 3), each pair (ids in order) with the blocks of at most ``max_block`` services
    they are both in, as sorted keys (outcome, cohort or None, locality or None).

    A group of the answer holds the members of one such block, so its pairs are among these (those of one
    profile aside). Services that record no outcome (compared by name) and crowded blocks are left out, as the
    groups leave them out. The Cypher twin of ``duplicates`` gives these pairs.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "la", "type": "Partner", "name": "Council"}, {"id": "nhs", "type": "Partner", "name": "NHS"},
    ...     {"id": "o", "type": "Outcome", "name": "Less obesity"},
    ...     {"id": "a", "type": "Service", "name": "Healthy schools"},
    ...     {"id": "b", "type": "Service", "name": "Cook and eat"}],
    ...   edges=[{"type": "CONTRIBUTES_TO", "from": "a", "to": "o"}, {"type": "CONTRIBUTES_TO", "from": "b", "to": "o"},
    ...          {"type": "COMMISSIONS", "from": "la", "to": "a"}, {"type": "COMMISSIONS", "from": "nhs", "to": "b"}])
    >>> candidate_pairs(p)
    {('a', 'b'): [('o', None, None)]}
    """
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    blocks, _ = _blocks(active_service_ids(p), contributes, p.adjacency(EdgeType.TARGETS, "out"),
                        p.adjacency(EdgeType.SERVES, "out"), lambda loc: wider(p, loc))
    commissioners = p.adjacency(EdgeType.COMMISSIONS, "in")
    deliverers = p.adjacency(EdgeType.DELIVERS, "in")
    collective = frozenset(n.id for n in p.nodes(NodeType.PARTNER) if n.collective)  # type: ignore[attr-defined]
    profiles: dict[str, Profile] = {}
    pairs: dict[tuple[str, str], set[Key]] = defaultdict(set)
    for key, members in blocks.items():
        if len(members) > max_block:
            continue
        for s in members:
            if s not in profiles:
                profiles[s] = _profile(s, commissioners, deliverers, collective)
        for a, b in combinations(sorted(set(members)), 2):
            if not cross_partner or profiles[a] != profiles[b]:
                pairs[(a, b)].add(key)
    return {pair: sorted(keys, key=lambda k: tuple("" if x is None else x for x in k))
            for pair, keys in sorted(pairs.items())}


def _blocks(services: Iterable[str], contributes: dict[str, list[str]], targets: dict[str, list[str]],
            serves: dict[str, list[str]], wider_of: Callable[[str], Sequence[str]],
            ) -> tuple[dict[Key, list[str]], dict[str, list[Key]]]:
    """The blocks (key → services) and each service's keys: a locality's block takes in the services recorded for a
    wider locality containing it (``wider_of``), and an unrecorded cohort or locality joins every block of the same
    outcome that it might belong to."""
    blocks: dict[Key, list[str]] = defaultdict(list)
    keys_of: dict[str, list[Key]] = {}
    open_keys: list[tuple[str, Key]] = []
    unrecorded: tuple[None] = (None,)
    for sid in services:
        outcomes = contributes.get(sid)
        if not outcomes:
            continue
        cohorts = targets.get(sid) or unrecorded
        localities = serves.get(sid) or unrecorded
        keys = [(o, c, loc) for o in outcomes for c in cohorts for loc in localities]
        keys_of[sid] = keys
        for key in keys:
            blocks[key].append(sid)
        if cohorts is unrecorded or localities is unrecorded:
            open_keys += [(sid, key) for key in keys]
    # A service recorded for a wider locality is delivered in each place inside it: it joins their blocks.
    for (o, c, loc), members in list(blocks.items()):
        if loc is None:
            continue
        for outer in wider_of(loc):
            for sid in blocks.get((o, c, outer), ()):
                if sid not in members:
                    members.append(sid)
                    keys_of[sid].append((o, c, loc))
    if open_keys:
        # A service with an unrecorded cohort (locality) also joins the recorded blocks it might belong to.
        by_outcome: dict[str, list[Key]] = defaultdict(list)
        for key in blocks:
            if key[1] is not None and key[2] is not None:
                by_outcome[key[0]].append(key)
        for sid, (o, c, loc) in open_keys:
            for key in by_outcome.get(o, ()):
                if (c is None or key[1] == c) and (loc is None or key[2] == loc) and sid not in blocks[key]:
                    blocks[key].append(sid)
                    keys_of[sid].append(key)
    return blocks, keys_of


#: How many sets of candidates keep their scorer with a partnership (different parameters can give
#: different candidates); the oldest goes first.
_KEEP_SCORERS = 4


class _Scorer:
    """Scores pairs and groups of services (see the module docstring), working out each service's parts once."""

    def __init__(self, p: Partnership, targets: dict[str, list[str]], serves: dict[str, list[str]],
                 commissioners: dict[str, list[str]], deliverers: dict[str, list[str]]) -> None:
        self.p = p
        self.targets, self.serves = targets, serves
        self.commissioners, self.deliverers = commissioners, deliverers
        self.part_of = p.adjacency(EdgeType.PART_OF, "out")
        self._texts: dict[str, _Text] = {}
        self._phrases = _Phrases()
        self._around: dict[str, frozenset[str]] = {}
        self._kinds: dict[str, frozenset[str]] = {}
        self._pairs: dict[tuple[str, str], tuple[float, list[tuple[float, bool]]]] = {}

    def prepare(self, services: Collection[str]) -> None:
        """Gather the names to take out of these services' texts: their cohorts, localities and organisations."""
        linked: set[str] = set()
        for links in (self.targets, self.serves, self.commissioners, self.deliverers):
            for sid in services:
                linked.update(links.get(sid, ()))
        self._phrases = _Phrases({self.p.node(x).name for x in linked})

    def text(self, sid: str) -> _Text:
        found = self._texts.get(sid)
        if found is None:
            rec = self.p.node(sid)
            found = self._texts[sid] = _Text(rec.name, rec.description or "", self._phrases)
        return found

    def similarity(self, a: str, b: str, floor: float = 0.0) -> float | None:
        """The pair's text similarity (0-100), or None when it is surely below ``floor``."""
        return _similarity(self.text(a), self.text(b), floor)

    def _within(self, loc: str) -> frozenset[str]:
        """The locality and every locality it lies within (:func:`queries.common.wider`)."""
        found = self._around.get(loc)
        if found is None:
            found = self._around[loc] = frozenset((loc, *wider(self.p, loc)))
        return found

    def _sector(self, nid: str) -> str | None:
        rec = self.p.node(nid)
        if rec.type is NodeType.PARTNER:
            sector = getattr(rec, "sector", None)
            return None if sector is None else str(sector)
        if rec.type is NodeType.UNIT:
            for up in reachable(self.part_of, [nid]):
                if self.p.node(up).type is NodeType.PARTNER:
                    return self._sector(up)
        return None

    def kinds(self, sid: str) -> frozenset[str]:
        """The sectors of those delivering the service, or of those commissioning it when nobody delivers it."""
        found = self._kinds.get(sid)
        if found is None:
            who = self.deliverers.get(sid) or self.commissioners.get(sid) or ()
            found = self._kinds[sid] = frozenset(s for s in map(self._sector, who) if s is not None)
        return found

    def pair(self, a: str, b: str) -> tuple[float, list[tuple[float, bool]]]:
        """The pair's score and each part's (value, known), in the order of WEIGHTS."""
        found = self._pairs.get((a, b))
        if found is not None:
            return found
        what = (self.similarity(a, b) or 0.0) / 100
        who = _jaccard(self.targets.get(a, ()), self.targets.get(b, ()))
        where = _coverage(self.serves.get(a, ()), self.serves.get(b, ()), self._within)
        provider = _jaccard(self.kinds(a), self.kinds(b))
        values = [(what, True), who, where, provider]
        score = what * (WEIGHTS["what"] + WEIGHTS["who"] * who[0] + WEIGHTS["where"] * where[0]
                        + WEIGHTS["provider"] * provider[0])
        found = self._pairs[(a, b)] = (score, values)
        return found

    def group(self, members: Sequence[str]) -> tuple[float, list[ScorePart]]:
        """A group's score and parts: the means over its pairs of members."""
        pairs = [self.pair(a, b) for a, b in combinations(members, 2)]
        n = len(pairs)
        parts = []
        for i, part in enumerate(WEIGHTS):
            value = sum(v[i][0] for _, v in pairs) / n
            scale = [1.0 if part == "what" else v[0][0] for _, v in pairs]  # the setting counts as far as what does
            contribution = WEIGHTS[part] * sum(v[i][0] * s for (_, v), s in zip(pairs, scale, strict=True)) / n
            parts.append(ScorePart(part=part, value=round(value, 3), weight=WEIGHTS[part],
                                   contribution=round(contribution, 3), known=all(v[i][1] for _, v in pairs)))
        return round(sum(s for s, _ in pairs) / n, 3), parts


def _jaccard(a: Iterable[str], b: Iterable[str]) -> tuple[float, bool]:
    """Shared ÷ all, or (UNKNOWN, False) when either side records none."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return UNKNOWN, False
    return len(sa & sb) / len(sa | sb), True


def _coverage(a: Sequence[str], b: Sequence[str], within: Callable[[str], frozenset[str]]) -> tuple[float, bool]:
    """The mean share of each side's localities that the other serves, itself or inside a wider one it serves."""
    if not a or not b:
        return UNKNOWN, False
    sa, sb = set(a), set(b)
    a_in_b = sum(1 for x in sa if not within(x).isdisjoint(sb)) / len(sa)
    b_in_a = sum(1 for x in sb if not within(x).isdisjoint(sa)) / len(sb)
    return (a_in_b + b_in_a) / 2, True


def _group(p: Partnership, members: tuple[str, ...], keys_of: dict[str, list[Key]], score: float,
           parts: list[ScorePart], commissioners: dict[str, list[str]],
           deliverers: dict[str, list[str]], collective: frozenset[str]) -> DuplicateGroup:
    shared = set.intersection(*(set(keys_of[s]) for s in members))
    outcomes = sorted({k[0] for k in shared})
    cohorts = sorted({k[1] for k in shared if k[1] is not None})
    places = {k[2] for k in shared if k[2] is not None}
    # a place inside another shared place adds nothing to where they overlap: the wider one is named
    localities = sorted(x for x in places if not any(y != x and lies_within(p, x, y) for y in places))
    unrecorded: list[Literal["cohort", "locality"]] = []
    if any(k[1] is None for s in members for k in keys_of[s]):
        unrecorded.append("cohort")
    if any(k[2] is None for s in members for k in keys_of[s]):
        unrecorded.append("locality")
    return DuplicateGroup(
        members=[DuplicateMember(service=node_ref(p, s),
                                 commissioners=[node_ref(p, x) for x in dict.fromkeys(commissioners.get(s, ()))],
                                 deliverers=[node_ref(p, x) for x in dict.fromkeys(deliverers.get(s, ()))])
                 for s in members],
        score=score, parts=parts, shared_keys=len(shared),
        outcomes=[node_ref(p, o) for o in outcomes], cohorts=[node_ref(p, c) for c in cohorts],
        localities=[node_ref(p, loc) for loc in localities], unrecorded=unrecorded,
        collective=[node_ref(p, x) for x in _shared_collective(members, collective, commissioners, deliverers)])


def _shared_collective(members: Sequence[str], collective: frozenset[str], commissioners: dict[str, list[str]],
                       deliverers: dict[str, list[str]]) -> list[str]:
    """The collective partners commissioning or delivering two or more of ``members``, in the order met."""
    seen: dict[str, int] = {}
    for sid in members:
        for x in dict.fromkeys((*commissioners.get(sid, ()), *deliverers.get(sid, ()))):
            if x in collective:
                seen[x] = seen.get(x, 0) + 1
    return [x for x, n in seen.items() if n > 1]


def _similar_pairs(scorer: _Scorer, member_sets: dict[frozenset[str], None], crowded: list[list[str]],
                   params: DuplicatesParams, focus: set[str] | None,
                   profile: Callable[[str], Profile]) -> list[tuple[str, str, float]]:
    """Pairs inside blocks whose texts score at or above the threshold, each pair once (two services of one
    profile, the same partners commissioning and delivering both, are left out when ``cross_partner`` is on)."""
    windows: list[list[str]] = [sorted(m) for m in member_sets]
    size, step = params.max_block, max(1, params.max_block // 2)
    for members in crowded:
        words = {s: [w for w, _ in scorer.text(s).side.words] for s in members}
        for ordered in (sorted(members, key=lambda s: (words[s], s)),
                        sorted(members, key=lambda s: (sorted(words[s]), s))):
            windows += [ordered[i:i + size] for i in range(0, max(1, len(ordered) - step), step)]

    threshold = params.threshold
    floor = threshold - 0.05  # a similarity that rounds to the threshold is at it
    seen: set[tuple[str, str]] = set()
    found: list[tuple[str, str, float]] = []
    for window in windows:
        if focus is not None and focus.isdisjoint(window):
            continue
        window = sorted(window)
        texts = [scorer.text(s) for s in window]
        profiles = [profile(s) for s in window] if params.cross_partner else None
        for i, a in enumerate(window):
            text_a = texts[i]
            for j in range(i + 1, len(window)):
                b = window[j]
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if focus is not None and a not in focus and b not in focus:
                    continue
                if profiles is not None and profiles[i] == profiles[j]:
                    continue  # one set of partners commissions and delivers both
                sim = _similarity(text_a, texts[j], floor)
                if sim is not None and round(sim, 1) >= threshold:
                    found.append((a, b, round(sim, 1)))
    return found
