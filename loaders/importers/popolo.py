"""Popolo → boards and sub-groups, posts, membership and chairing; people counted, never imported.

* An organisation that governs (classification a council, legislature, board, cabinet or
  executive, or any organisation with no parent) → Board; a committee, sub-committee,
  panel, forum or working group, or any organisation with a parent → SubGroup, with
  ACCOUNTABLE_TO its parent. Political parties and other organisations that are not bodies
  of the partnership are counted and left out (memberships' ``on_behalf_of`` goes with them).
* Each post (Popolo ``posts``), and each role held in an organisation by memberships
  (``role``: councillor, mayor, chair …) → one Post, "Mayor, Brighton Council", with
  MEMBER_OF the body (role ``chair`` for a chair, mayor or convenor; ``vice-chair`` for a
  deputy or vice; else ``member``) and CHAIRS the body for a chair; a mayor's chairing is
  the project's reading of the role and is marked ``assumed``. The Post's validity spans its
  memberships' dates; how many memberships hold it is in its description.
* Persons are never imported: the report counts them and their contact details.

Popolo ids are free text (``legislature/break_o'day_council``); each becomes a valid slug,
and the report lists every id that had to change.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from graph_model import InvalidPartnership, Location, Problem, Rule

from ._base import Draft, items, mapping, plain_text, slug
from .schemas import iter_schema_errors

__all__ = ["parse_popolo"]

_BOARD = re.compile(r"council|legislat|board|cabinet|executive|assembly|parliament|trust|authority", re.I)
_SUBGROUP = re.compile(r"committee|sub-?group|panel|forum|working|task|network|partnership|party-group", re.I)
_NOT_BODY = re.compile(r"party|faction|caucus|coalition", re.I)
_CHAIR = re.compile(r"\b(chair|chairman|chairwoman|chairperson|convenor|convener|mayor|lord mayor|president|speaker)\b",
                    re.I)
_VICE = re.compile(r"\b(deputy|vice)\b", re.I)


def _role(role: str) -> tuple[str, bool]:
    """(MEMBER_OF role, chairs the body?) for a Popolo role."""
    if _VICE.search(role):
        return "vice-chair", False
    if _CHAIR.search(role):
        return "chair", True
    return "member", False


def _valid_date(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    return None


def parse_popolo(doc: Any, file: str, *, licence: str | None = None, tick: Callable[[int, int], None] | None = None) -> Draft:
    """A Popolo export as a draft of bodies, posts and their membership.

    >>> d = parse_popolo({"organizations": [{"id": "legislature/hobart", "name": "Hobart City Council",
    ...                                      "classification": "legislature"}],
    ...                   "persons": [{"id": "p1", "name": "A Person"}],
    ...                   "memberships": [{"person_id": "p1", "organization_id": "legislature/hobart",
    ...                                    "role": "Lord Mayor"}]}, "p.json")
    >>> sorted((e["type"], e["from"], e["to"]) for e in d.edges.values())
    [('CHAIRS', 'lord-mayor-hobart-city-council', 'legislature-hobart'), ('MEMBER_OF', 'lord-mayor-hobart-city-council', 'legislature-hobart')]
    >>> d.report.read["persons (counted, not imported)"]
    1
    """
    if not (isinstance(doc, Mapping) and any(isinstance(doc.get(k), list)
                                             for k in ("organizations", "memberships", "posts", "persons"))):
        raise InvalidPartnership([Problem(
            Rule.MALFORMED_FILE, "this is not a Popolo export: expected a JSON object with 'organizations', "
            "'posts', 'memberships' or 'persons' lists", Location(file=file), "a Popolo export")])
    draft = Draft(file, "popolo", licence, tick=tick)
    lists = {k: [x for x in items(doc.get(k)) if isinstance(x, Mapping)]
             for k in ("organizations", "posts", "memberships", "persons")}
    for key, schema in (("organizations", "organization.json"), ("posts", "post.json"),
                        ("memberships", "membership.json"), ("persons", "person.json")):
        for i, item in enumerate(lists[key]):
            draft.check_schema(iter_schema_errors("popolo", schema, item), f"{key}[{i}] {item.get('id', '')}".strip())
    for person in lists["persons"]:
        draft.report.read["persons (counted, not imported)"] += 1
        for what in ("email", "contact_details", "birth_date", "gender", "image", "images", "biography"):
            if person.get(what):
                draft.report.stripped[f"persons' {what.replace('_', ' ')} (not imported)"] += 1
    ids: dict[str, str] = {}

    def own_id(raw: str) -> str:
        if raw not in ids:
            made = slug(raw, limit=120)
            if made != raw:
                draft.report.renamed.append((raw, made))
            ids[raw] = made
        return ids[raw]

    orgs = {str(o.get("id")): o for o in lists["organizations"] if o.get("id")}
    bodies: dict[str, str] = {}
    for i, (raw, org) in enumerate(orgs.items()):
        draft.report.read["organisations"] += 1
        name = plain_text(org.get("name"))
        kind = str(org.get("classification") or "")
        if not name:
            draft.problem(f"organizations[{i}] {raw}", "name", "the organisation has no name", "skipped")
            continue
        if _NOT_BODY.search(kind) or kind.startswith("party"):
            draft.report.dropped[f"organisations classified '{kind}' (not a body of the partnership)"] += 1
            continue
        parent = org.get("parent_id")
        sub = bool(_SUBGROUP.search(kind)) or (bool(parent) and not _BOARD.search(kind))
        node_id = own_id(raw)
        draft.node(node_id, "SubGroup" if sub else "Board", name, f"organizations[{i}] id {raw}",
                   valid_from=_valid_date(org.get("founding_date")), valid_to=_valid_date(org.get("dissolution_date")),
                   description=f"Popolo classification: {kind}." if kind else None)
        bodies[raw] = node_id
    for i, (raw, org) in enumerate(orgs.items()):
        parent = str(org.get("parent_id") or "")
        if raw in bodies and parent:
            if parent in bodies:
                draft.edge("ACCOUNTABLE_TO", bodies[raw], bodies[parent], f"organizations[{i}] id {raw}, parent_id",
                           assumed=True, description="Popolo records the parent organisation; accountability to it "
                                                     "is the project's reading.")
            else:
                draft.problem(f"organizations[{i}] {raw}", "parent_id", f"the parent '{parent}' is not in the file",
                              "imported with no parent")

    posts: dict[str, str] = {}
    for i, post in enumerate(lists["posts"]):
        draft.report.read["posts"] += 1
        owner = str(post.get("organization_id") or mapping(post.get("organization")).get("id") or "")
        label = plain_text(post.get("label")) or plain_text(post.get("role"))
        if owner not in bodies or not label:
            draft.problem(f"posts[{i}] {post.get('id', '')}".strip(), "organization_id" if label else "label",
                          "the post has no label" if not label else f"its organisation '{owner}' is not imported",
                          "skipped")
            continue
        pid = own_id(str(post.get("id") or f"{owner}-{label}"))
        draft.node(pid, "Post", label, f"posts[{i}] id {post.get('id')}",
                   valid_from=_valid_date(post.get("start_date")), valid_to=_valid_date(post.get("end_date")))
        posts[str(post.get("id"))] = pid
        _link(draft, pid, bodies[owner], str(post.get("role") or label), f"posts[{i}]")

    held: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for i, mem in enumerate(lists["memberships"]):
        draft.report.read["memberships"] += 1
        owner = str(mem.get("organization_id") or mapping(mem.get("organization")).get("id") or "")
        if mem.get("post_id") and str(mem["post_id"]) in posts:
            draft.report.read["memberships of a listed post"] += 1
            continue
        if owner not in bodies:
            draft.report.dropped["memberships of organisations not imported"] += 1
            continue
        role = plain_text(mem.get("role")) or "member"
        held[(owner, role)].append({**mem, "_index": i})
        draft.progress(i + 1, len(lists["memberships"]))
        if mem.get("on_behalf_of_id"):
            draft.report.dropped["memberships' on_behalf_of (a party; not a body of the partnership)"] += 1
    for (owner, role), members in held.items():
        body = draft.nodes[bodies[owner]]
        title = role[:1].upper() + role[1:]
        pid = own_id(f"{role}-{body['name']}")
        starts = [_valid_date(m.get("start_date")) for m in members]
        ends = [_valid_date(m.get("end_date")) for m in members]
        first = min(starts) if starts and all(starts) else None  # type: ignore[type-var]
        last = max(ends) if ends and all(ends) else None  # type: ignore[type-var]
        where = f"memberships[{members[0]['_index']}] and {len(members) - 1} more" if len(members) > 1 \
            else f"memberships[{members[0]['_index']}]"
        draft.node(pid, "Post", f"{title}, {body['name']}", where, valid_from=first, valid_to=last,
                   description=f"Held by {len(members)} {'membership' if len(members) == 1 else 'memberships'} "
                               "in the file (the people are not imported).")
        draft.report.read["posts made from memberships' roles"] += 1
        _link(draft, pid, bodies[owner], role, where)
    return draft


def _link(draft: Draft, post: str, body: str, role: str, where: str) -> None:
    member_role, chairs = _role(role)
    draft.edge("MEMBER_OF", post, body, where, role=member_role)
    if chairs:
        reading = not re.search(r"\bchair", role, re.I)
        draft.edge("CHAIRS", post, body, where, assumed=reading or None,
                   description=f"A {role} chairs the body: the project's reading of the role." if reading else None)
