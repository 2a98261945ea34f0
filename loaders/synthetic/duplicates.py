"""Building an authority, the services stage's first plant: duplicate services, each case with what to expect.

Every authority gets one case of each :data:`~loaders.synthetic.manifest.Variant`,
on outcome × cohort × locality combinations no other service holds, each
recorded as a :class:`~loaders.synthetic.manifest.DuplicateGroup` saying what the
``duplicates`` query should find and how it should score it. The cases vary in
size, wording, which cohorts are recorded and the kinds of provider, so a query
that only recognises one way of writing a service up twice misses some of them.

The wording helpers are pure:

>>> acronym("Targeted Mental Health in Schools"), acronym("Young People's Substance Misuse Service")
('TMHS', 'YPSMS')
>>> import random
>>> reword("Structured courses that build parenting skills", random.Random(1))
'Structured classes that develop parenting skills'
>>> abbreviate("Mental health workers based in schools and children's centres", random.Random(1))
"MH workers based in schools & chn's centres"
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from random import Random
from typing import Any

from .base import PlannedService
from .manifest import DuplicateGroup, Variant
from .money import Money
from .vocabulary import ABBREVIATIONS, APPROACHES, KINDS, KINDS_BY_THEME, SYNONYMS, Kind

__all__ = ["ALIKE_MIN", "CROWDED_OVER", "UNKNOWN_MAX", "UNLIKE_MAX", "Duplicates", "abbreviate", "acronym",
           "reword"]

#: Planted copies of one service should score at least this.
ALIKE_MIN = 0.7
#: Planted services that differ in what they do should score below this.
UNLIKE_MAX = 0.5
#: Planted copies of one service whose cohort is not recorded should score below this: not near 1.
UNKNOWN_MAX = 0.95
#: A planted crowded block has more services than this (the duplicates query's default ``max_block``).
CROWDED_OVER = 50

_SMALL = frozenset({"and", "of", "in", "for", "the", "to", "with", "on", "at"})


def acronym(name: str) -> str:
    """The initials of a name's words in capitals, small and one-letter words left out."""
    return "".join(w[0].upper() for w in re.findall(r"[A-Za-z0-9]+", name) if len(w) > 1 and w.lower() not in _SMALL)


def _swap(text: str, table: dict[str, str], rng: Random, most: int) -> str:
    present = [w for w in table if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.I)]
    for w in sorted(rng.sample(present, min(most, len(present))), key=len, reverse=True):
        def repl(m: re.Match[str], new: str = table[w]) -> str:
            return new[0].upper() + new[1:] if m.group(0)[0].isupper() and not new.isupper() else new
        text = re.sub(rf"(?<![\w-]){re.escape(w)}(?![\w-])", repl, text, count=1, flags=re.I)
    return text


def reword(text: str, rng: Random, most: int = 2) -> str:
    """``text`` with up to ``most`` words swapped for others meaning the same (:data:`SYNONYMS`)."""
    return _swap(text, SYNONYMS, rng, most)


def abbreviate(text: str, rng: Random, most: int = 4) -> str:
    """``text`` with up to ``most`` words written short, as people do in lists (:data:`ABBREVIATIONS`)."""
    return _swap(text, ABBREVIATIONS, rng, most)


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text[:2] != text[:2].upper() else text


class Duplicates(Money):
    """Plants the duplicate services of one authority (called by the services stage before the rest)."""

    used: set[tuple[str, str, str]]
    planned: list[PlannedService]

    def claim(self, o: Sequence[str], c: Sequence[str], loc: Sequence[str], *,
              shared: frozenset[tuple[str, str, str]] = frozenset()) -> bool:
        """Reserve every (outcome, cohort, locality) of these, unless another service holds one (``shared`` aside),
        or holds the outcome and cohort in a place that lies within this one or that this one lies within: the
        duplicates query blocks a place with the wider places containing it (queries.common.wider)."""
        triples = [t for t in itertools.product(o, c, loc) if t not in shared]
        if any((x, y, near) in self.used for x, y, place in triples for near in self._nested(place)):
            return False
        self.used.update(triples)
        return True

    def _nested(self, loc: str) -> tuple[str, ...]:
        """``loc``, the places it lies within and the places inside it (authority ⊃ districts ⊃ areas)."""
        if loc == self.top_locality:
            return (loc, *self.districts, *(a for d in self.districts for a in self.areas[d]))
        if loc in self.areas:
            return (loc, self.top_locality, *self.areas[loc])
        district = next((d for d in self.districts if loc in self.areas[d]), None)
        return (loc, self.top_locality, district) if district else (loc,)

    def add(self, kind: Kind, o: list[str], c: list[str], loc: list[str], **kw: Any) -> PlannedService:
        svc = PlannedService(f"svc-{len(self.planned) + 1:04d}", kind, o, c, loc, **kw)
        self.planned.append(svc)
        return svc

    def kind_for(self, outcome: str | None) -> Kind:
        if outcome is None:
            return self.rng.choice(KINDS)
        return self.rng.choice(KINDS_BY_THEME[self.theme[outcome]] or KINDS)

    # -- the cases

    def plant_duplicates(self, outs: list[str], cohs: list[str], locs: list[str]) -> None:
        """One case of each variant, on combinations nobody else holds."""
        for variant in ("numbered", "reworded", "reordered", "abbreviated"):
            self._alike(variant, outs, cohs, locs)
        self._unrecorded(outs, cohs, locs)
        self._different(outs, cohs, locs)
        self._partial(outs, cohs, locs)
        self._crowded(outs, cohs, locs)

    def _fresh(self, outs: list[str], cohs: list[str], locs: list[str]) -> tuple[str, str, str]:
        rng = self.rng
        while True:
            o, c, loc = rng.choice(outs), rng.choice(cohs), rng.choice(locs)
            if self.claim([o], [c], [loc]):
                return o, c, loc

    def _sectors(self) -> dict[str, list[str]]:
        """The providers by sector (a unit counts as its host's)."""
        by: dict[str, list[str]] = {}
        for pid in self._providers():
            rec = self.records[pid]
            sector = str(getattr(rec, "sector", None) or "local-authority")
            by.setdefault(sector, []).append(pid)
        return by

    def _providers_for(self, size: int, same_sector: bool) -> list[str]:
        rng, by = self.rng, self._sectors()
        if same_sector:
            return rng.sample(rng.choice([v for v in by.values() if len(v) >= size]), size)
        return [rng.choice(by[s]) for s in rng.sample(sorted(by), size)]

    def _record(self, members: Sequence[PlannedService], variant: Variant, o: str, c: str | None, loc: str, *,
                grouped: bool = True, min_score: float | None = None, max_score: float | None = None,
                text_pairs: Sequence[tuple[PlannedService, PlannedService]] = (), unrecorded: bool = False) -> None:
        def sid(s: PlannedService) -> str:
            return f"{self.aid}.{s.key}"
        self.fault("duplicate_groups", DuplicateGroup(
            services=tuple(sid(s) for s in members), variant=variant, outcome=o, cohort=c, locality=loc,
            grouped=grouped, min_score=min_score, max_score=max_score,
            text_pairs=tuple((min(sid(a), sid(b)), max(sid(a), sid(b))) for a, b in text_pairs),
            unrecorded=("cohort",) if unrecorded else ()))

    def _write_up(self, variant: str, kind: Kind, c: str | None, loc: str, approach: str,
                  copy: int = 0) -> tuple[str, str]:
        """A name and description for a service of ``kind``: the plain write-up, or another write-up of it."""
        rng, place = self.rng, self.names[loc]
        people = self.names[c].lower() if c else ""
        for_people = f" for {people}" if c else ""
        if variant == "plain" or (variant == "numbered" and not copy):
            return (f"{kind.name}{for_people}, {place}", f"{kind.what}{for_people} in {place}, delivered {approach}.")
        if variant == "numbered":
            words = ("aimed at", "open to")[copy % 2]
            return (f"{kind.name}{for_people}, {place} ({copy + 1})",
                    f"{kind.what}{f' {words} {people}' if c else ''} in {place}, delivered {approach}.")
        if variant == "reworded":
            words = rng.choice(("aimed at", "open to", "for"))
            return (f"{kind.name}, {place}" + (f" ({people})" if c else ""),
                    f"{reword(kind.what, rng)}{f' {words} {people}' if c else ''} in {place}, "
                    f"delivered {approach}.")
        if variant == "reordered":
            return (f"{place}: {kind.name}" + (f" ({people})" if c else ""),
                    f"Delivered {approach} in {place}: {_lower_first(kind.what)}{for_people}.")
        if variant == "abbreviated":  # the people and the place are written out; the rest is shortened
            return (f"{acronym(kind.name)}, {place}",
                    f"{abbreviate(kind.what, rng, 3)}{for_people} in {place}, delivered "
                    f"{abbreviate(approach, rng, 1)}.")
        if variant == "unrecorded":  # written up without the people it is for, sometimes in other words
            what = reword(kind.what, rng, 1) if rng.random() < 0.5 else kind.what
            return f"{kind.name} in {place}", f"{what} in {place}, delivered {approach}."
        raise ValueError(variant)

    def _copies(self, variant: str, kind: Kind, o: str, c: str, loc: str, size: int, *,
                same_sector: bool) -> list[PlannedService]:
        """``size`` services of one kind: the plain write-up, a ``variant`` of it, then numbered copies."""
        rng = self.rng
        approach = rng.choice(APPROACHES)
        commissioners = rng.sample(self._commissioners(), size)
        providers = self._providers_for(size, same_sector)
        members = []
        for i in range(size):
            how = "plain" if i == 0 else variant if i == 1 else "numbered"
            name, description = self._write_up(how, kind, c, loc, approach, copy=i)
            members.append(self.add(kind, [o], [c], [loc], commissioner=commissioners[i], provider=providers[i],
                                    name=name, description=description))
        return members

    def _alike(self, variant: Variant, outs: list[str], cohs: list[str], locs: list[str]) -> None:
        rng = self.rng
        o, c, loc = self._fresh(outs, cohs, locs)
        members = self._copies(variant, self.kind_for(o), o, c, loc, rng.choice((2, 2, 3)),
                               same_sector=rng.random() < 0.7)
        self._record(members, variant, o, c, loc, min_score=ALIKE_MIN,
                     text_pairs=list(itertools.combinations(members, 2)))

    def _unrecorded(self, outs: list[str], cohs: list[str], locs: list[str]) -> None:
        """The same service twice, the second (or both) with no cohort recorded: it might be anyone's."""
        rng = self.rng
        while True:  # an outcome and locality nobody holds for any cohort, kept so
            o, loc = rng.choice(outs), rng.choice(locs)
            if self.claim([o], self.cohorts, [loc]):
                break
        c = rng.choice(cohs)
        kind, approach = self.kind_for(o), rng.choice(APPROACHES)
        both = rng.random() < 0.4
        commissioners = rng.sample(self._commissioners(), 2)
        providers = self._providers_for(2, same_sector=True)
        members = []
        for i in range(2):
            recorded = i == 0 and not both
            name, description = self._write_up("plain" if recorded else "unrecorded", kind, c if recorded else None,
                                               loc, approach)
            if i and both:
                name += " (2)"
            members.append(self.add(kind, [o], [c] if recorded else [], [loc], commissioner=commissioners[i],
                                    provider=providers[i], name=name, description=description))
        self._record(members, "unrecorded-cohort", o, None if both else c, loc, min_score=UNLIKE_MAX,
                     max_score=UNKNOWN_MAX, text_pairs=[(members[0], members[1])], unrecorded=True)

    def _unlike_kinds(self, first: Kind, size: int) -> list[Kind]:
        """``first`` and kinds that share none of its themes, nor each other's."""
        kinds = [first]
        for k in self.rng.sample(KINDS, len(KINDS)):
            if len(kinds) == size:
                break
            if all(not set(k.themes) & set(x.themes) for x in kinds):
                kinds.append(k)
        return kinds

    def _different(self, outs: list[str], cohs: list[str], locs: list[str]) -> None:
        """Services that share an outcome, a cohort and a locality, and nothing else."""
        rng = self.rng
        o, c, loc = self._fresh(outs, cohs, locs)
        kinds = self._unlike_kinds(self.kind_for(o), rng.choice((2, 3, 3)))
        commissioners = rng.sample(self._commissioners(), len(kinds))
        providers = self._providers_for(len(kinds), same_sector=False)
        approaches = rng.sample(APPROACHES, len(kinds))
        members = [self.add(kind, [o], [c], [loc], commissioner=commissioners[i], provider=providers[i],
                            name=f"{kind.name}, {self.names[loc]} ({self.names[providers[i]]})",
                            description=self._describe(kind, c, loc, approaches[i], variant=i))
                   for i, kind in enumerate(kinds)]
        self._record(members, "different-purpose", o, c, loc, max_score=UNLIKE_MAX)

    def _partial(self, outs: list[str], cohs: list[str], locs: list[str]) -> None:
        """Two services of different kinds sharing one combination, each with outcomes, cohorts or places of its own."""
        rng = self.rng
        while True:
            o, c, loc = rng.choice(outs), rng.choice(cohs), rng.choice(locs)
            o2 = rng.choice([x for x in outs if x != o])
            c2, c3 = rng.sample([x for x in cohs if x != c], 2)
            l2 = rng.choice([x for x in locs if x != loc])
            a = ([o, o2], [c, c2], [loc])
            b = ([o], [c, c3] if rng.random() < 0.5 else [c], [loc, l2])
            if self.claim(*a) and (self.claim(*b, shared=frozenset({(o, c, loc)})) or self._release(*a)):
                break
        first, second = self._unlike_kinds(self.kind_for(o), 2)
        commissioners = rng.sample(self._commissioners(), 2)
        providers = self._providers_for(2, same_sector=rng.random() < 0.5)
        approaches = rng.sample(APPROACHES, 2)
        members = [self.add(kind, *plan, commissioner=commissioners[i], provider=providers[i],
                            name=f"{kind.name}, {self.names[plan[2][0]]} ({self.names[providers[i]]})",
                            description=self._describe(kind, plan[1][0], plan[2][0], approaches[i]))
                   for i, (kind, plan) in enumerate(((first, a), (second, b)))]
        self._record(members, "partial-overlap", o, c, loc, max_score=UNLIKE_MAX)

    def _release(self, o: Sequence[str], c: Sequence[str], loc: Sequence[str]) -> bool:
        self.used.difference_update(itertools.product(o, c, loc))
        return False

    def _crowded(self, outs: list[str], cohs: list[str], locs: list[str]) -> None:
        """More services on one combination than the query compares as a group, one pair of them near-identical."""
        rng = self.rng
        o, c, loc = self._fresh(outs, cohs, locs)
        size = CROWDED_OVER + rng.randint(1, 6)
        kinds = rng.sample(KINDS, size - 1)
        pair = self._copies(rng.choice(("numbered", "reworded", "reordered", "abbreviated")), kinds[0], o, c, loc,
                            2, same_sector=rng.random() < 0.5)
        members = list(pair)
        for kind in kinds[1:]:
            provider = rng.choice(self._providers())
            members.append(self.add(kind, [o], [c], [loc], provider=provider,
                                    name=f"{kind.name}, {self.names[loc]} ({self.names[provider]})",
                                    description=self._describe(kind, c, loc, rng.choice(APPROACHES),
                                                               variant=rng.randrange(3))))
        self._record(members, "crowded", o, c, loc, grouped=False, text_pairs=[(pair[0], pair[1])])

    # -- shared with the services stage

    def _commissioners(self) -> list[str]:
        return [self.csd, self.public_health, self.ccg, self.housing, self.education, self.jcu, self.trust,
                *self.commissioning_bodies[: 3]]

    def _providers(self) -> list[str]:
        return [self.csd, self.early_help, self.community_trust, self.mh_trust, self.hospital, self.college,
                *self.voluntary, *self.private, *self.schools[:4]]

    def _describe(self, kind: Kind, cohort: str, locality: str, approach: str, variant: int = 0) -> str:
        words = ("for", "aimed at", "open to")
        return (f"{kind.what} {words[variant % 3]} {self.names[cohort].lower()} in {self.names[locality]}, "
                f"delivered {approach}.")

