"""Outcome interdependencies: the ``interdependencies`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a dependency missed, a cycle that never ends) fails a test. Queries are
reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

from builders import build, edge, ids, node

from graph_model import Partnership
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_less_obesity_depends_on_better_diet_and_more_exercise(staffordshire: Partnership) -> None:
    """003 Part 5 (continued): "reducing obesity relies on improved diets and more exercise"."""
    (trace,) = run_query("interdependencies", staffordshire, {"node": ["less-obesity"]}).traces
    direct = {d.outcome.id for d in trace.depends_on if d.distance == 1}
    assert {"better-diet", "more-exercise"} <= direct


def test_better_diet_is_needed_by_behaviour_disease_resistance_and_obesity(staffordshire: Partnership) -> None:
    """003 Part 5: better diet "can have other associated outcomes like better behaviour and resistance to disease"."""
    (trace,) = run_query("interdependencies", staffordshire, {"node": ["better-diet"]}).traces
    assert {"better-behaviour", "resistance-to-disease", "less-obesity"} <= set(ids(d.outcome for d in
                                                                                   trace.needed_by))
    via = next(d for d in trace.needed_by if d.outcome.id == "less-obesity")
    assert [n.id for n in via.path] == ["less-obesity", "better-diet"]


def test_attendance_achievement_and_bullying_are_one_mutual_group(staffordshire: Partnership) -> None:
    """003 Part 5: "Attendance, achievement and freedom from bullying for example are all interrelated"."""
    r = run_query("interdependencies", staffordshire, {"node": ["attendance"]})
    mutual = [set(ids(m)) for c in r.clusters for m in c.mutual]
    assert {"attendance", "achievement", "freedom-from-bullying"} in mutual
    obesity = run_query("interdependencies", staffordshire, {"node": ["less-obesity"]}).clusters[0]
    assert {"less-obesity", "better-diet", "more-exercise"} <= set(ids(obesity.outcomes))


PART_5 = ("003 Part 5 (continued): \"reducing obesity relies on improved diets and more exercise. Better diet can "
          "have other associated outcomes like better behaviour and resistance to disease. Exercise is a way of "
          "enjoying and achieving. Attendance, achievement and freedom from bullying for example are all "
          "interrelated.\"")


def test_staffordshire_clusters_are_the_documents_own_groups(staffordshire: Partnership) -> None:
    """003 Part 5 (continued), quoted in PART_5: two groups of interdependent outcomes, the diet-and-exercise
    group (obesity, diet, exercise, with behaviour and disease resistance from a better diet) and attendance,
    achievement and bullying. The roll-ups of concrete outcomes under the ECM outcomes (the project's mapping,
    and "exercise is a way of enjoying and achieving") place outcomes under a wider one: they join no group.
    Before, the roll-ups joined both groups and the ECM outcomes into one cluster of 12."""
    r = run_query("interdependencies", staffordshire, {})
    assert [set(ids(c.outcomes)) for c in r.clusters] == [
        {"less-obesity", "better-diet", "more-exercise", "better-behaviour", "resistance-to-disease"},
        {"attendance", "achievement", "freedom-from-bullying"}], PART_5
    in_a_cluster = {o.id for c in r.clusters for o in c.outcomes}
    assert not any(o.startswith("ecm-") for o in in_a_cluster)
    assert "2 clusters of interdependent outcomes" in r.summary()


def test_staffordshire_roll_ups_are_shown_apart_and_marked_as_the_projects_mapping(staffordshire: Partnership) -> None:
    """003 §3.1 lists the ECM outcomes and Part 5 (continued) the concrete ones; only "exercise is a way of enjoying
    and achieving" ties one to the other in the document. Every other tie (less obesity under Be healthy, ...) is
    the project's mapping, and the answer says so."""
    r = run_query("interdependencies", staffordshire, {})
    rolled = {(u.part.id, u.wider.id): u.assumed for u in r.roll_ups}
    assert rolled[("more-exercise", "ecm-enjoy-and-achieve")] is False
    assert rolled[("less-obesity", "ecm-be-healthy")] is True
    summary = r.summary()
    assert "under Enjoy and achieve, More exercise (as a document states), School attendance and Achievement " \
           "(the project's mapping)" in summary
    assert ("Less obesity", "sits under", "Be healthy", "roll-up (the project's mapping)") in [
        (row["outcome"], row["direction"], row["other"], row["link"]) for row in r.table()]


def test_an_ecm_outcome_depends_on_nothing_and_has_its_parts_under_it(staffordshire: Partnership) -> None:
    """003 Part 5 (continued): "Exercise is a way of enjoying and achieving": exercise sits under the ECM outcome,
    which is no link in the diet-and-exercise group."""
    r = run_query("interdependencies", staffordshire, {"node": ["ecm-enjoy-and-achieve"]})
    (trace,) = r.traces
    assert trace.depends_on == [] and trace.needed_by == []
    assert "more-exercise" in [u.part.id for u in trace.parts]
    assert "Under it sit More exercise (as a document states)" in r.summary()
    # the clusters shown are those of the outcomes under it
    assert {"more-exercise", "attendance"} <= {o.id for c in r.clusters for o in c.outcomes}
    (obesity,) = run_query("interdependencies", staffordshire, {"node": ["less-obesity"]}).traces
    assert "ecm-be-healthy" not in ids(d.outcome for d in obesity.needed_by)
    assert [u.wider.id for u in obesity.under] == ["ecm-be-healthy"]


# -- on hand-built partnerships --------------------------------------------------------------------


def test_roll_ups_never_join_two_clusters() -> None:
    p = build([node(o, "Outcome") for o in ("healthy", "obesity", "diet", "attendance", "bullying")],
              [edge("DEPENDS_ON", "obesity", "diet"), edge("DEPENDS_ON", "attendance", "bullying"),
               edge("DEPENDS_ON", "healthy", "obesity", kind="roll-up", assumed=True),
               edge("DEPENDS_ON", "healthy", "attendance", kind="roll-up")])
    r = run_query("interdependencies", p, {})
    assert [ids(c.outcomes) for c in r.clusters] == [["obesity", "diet"], ["attendance", "bullying"]]
    assert [(u.part.id, u.wider.id, u.assumed) for u in r.roll_ups] == [
        ("obesity", "healthy", True), ("attendance", "healthy", False)]
    (trace,) = run_query("interdependencies", p, {"node": ["diet"]}).traces
    assert ids(d.outcome for d in trace.needed_by) == ["obesity"]  # not "healthy" through the roll-up
    only = run_query("interdependencies", p, {"node": ["diet"]})
    assert [(u.part.id, u.wider.id) for u in only.roll_ups] == [("obesity", "healthy")]



def test_dependencies_are_followed_transitively_with_their_paths() -> None:
    p = build([node(o, "Outcome") for o in ("healthy", "obesity", "diet", "exercise")],
              [edge("DEPENDS_ON", "healthy", "obesity"), edge("DEPENDS_ON", "obesity", "diet"),
               edge("DEPENDS_ON", "obesity", "exercise")])
    (trace,) = run_query("interdependencies", p, {"node": ["obesity"]}).traces
    assert [(d.outcome.id, d.distance) for d in trace.depends_on] == [("diet", 1), ("exercise", 1)]
    assert [d.outcome.id for d in trace.needed_by] == ["healthy"]
    (top,) = run_query("interdependencies", p, {"node": ["healthy"]}).traces
    diet = next(d for d in top.depends_on if d.outcome.id == "diet")
    assert diet.distance == 2 and [n.id for n in diet.path] == ["healthy", "obesity", "diet"]
    (bottom,) = run_query("interdependencies", p, {"node": ["diet"]}).traces
    # Paths run along the DEPENDS_ON edges, the dependent outcome first, whichever way they were traced.
    assert [n.id for n in next(d for d in bottom.needed_by if d.outcome.id == "healthy").path] == [
        "healthy", "obesity", "diet"]


def test_a_dependency_cycle_ends_and_is_reported_as_mutual() -> None:
    p = build([node(o, "Outcome") for o in ("attendance", "achievement", "bullying", "alone")],
              [edge("DEPENDS_ON", "attendance", "achievement"), edge("DEPENDS_ON", "achievement", "bullying"),
               edge("DEPENDS_ON", "bullying", "attendance")])
    r = run_query("interdependencies", p, {"node": ["attendance"]})
    assert sorted(d.outcome.id for d in r.traces[0].depends_on) == ["achievement", "bullying"]
    assert [[o.id for o in m] for m in r.clusters[0].mutual] == [["attendance", "achievement", "bullying"]]
    assert r.clusters[0].links == 3


def test_clusters_are_weak_components_and_singletons_are_left_out() -> None:
    p = build([node(o, "Outcome") for o in ("a", "b", "c", "d", "e", "alone")],
              [edge("DEPENDS_ON", "a", "b"), edge("DEPENDS_ON", "c", "b"), edge("DEPENDS_ON", "d", "e")])
    r = run_query("interdependencies", p, {})
    assert [[o.id for o in c.outcomes] for c in r.clusters] == [["a", "b", "c"], ["d", "e"]]
    assert all(c.mutual == [] for c in r.clusters)
    only = run_query("interdependencies", p, {"node": ["e"]})
    assert [[o.id for o in c.outcomes] for c in only.clusters] == [["d", "e"]]


def test_no_dependencies_at_all() -> None:
    r = run_query("interdependencies", build([node("a", "Outcome")]), {})
    assert r.clusters == [] and r.summary() == "No outcome depends on another."
