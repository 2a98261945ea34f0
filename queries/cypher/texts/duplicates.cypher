// duplicates: active services of different partners overlapping on outcome, cohort and locality (services with no outcome, as in a service directory, on name), scored on how alike they are.
// part: the candidate pairs, before any scoring: two active services in one block of at most $max_block services, a block being an outcome × cohort × locality they contribute to, target and serve (cohort or locality null where a service records none), as the Python query blocks them: a service recorded for a wider locality (PART_OF) joins the blocks of the places inside it, and one that records no cohort or no locality joins every recorded block of its outcome it might belong to. Each pair (a before b) comes with the blocks it shares, as [outcome, cohort, locality]; with $cross_partner, only pairs whose commissioners or providers differ (a service with neither recorded, or with a collective partner among them, differs from every other). Not the services that record no outcome, which Python compares by name; nor the score (text similarity of names and descriptions with rapidfuzz, the kinds of provider), the groups, the crowded blocks or the near-identical pairs, which stay Python's.
// dialect: Ladybug (list_concat and list_sort; in Neo4j write a + b and apoc.coll.sort)
// $active: the status of a running service (default: "active")
// $max_block: the most services a block may hold and still be compared; a larger one is crowded (default: 50)
// $cross_partner: only pairs whose commissioners or providers differ (default: true)
MATCH (o:Outcome)<-[:CONTRIBUTES_TO]-(w:Service)
WHERE w.status = $active
OPTIONAL MATCH (w)-[k:TARGETS|SERVES]->()
WITH o, w, count(k) AS links
WITH o, collect(CASE WHEN links = 0 THEN w.id END) AS open_both
MATCH (o)<-[:CONTRIBUTES_TO]-(x:Service)
WHERE x.status = $active
OPTIONAL MATCH (x)-[:TARGETS]->(c:Cohort)
OPTIONAL MATCH (x)-[:SERVES]->(l:Locality)
WITH o, open_both, c, l, collect(x.id) AS exact
OPTIONAL MATCH (l)-[:PART_OF*1..30]->(up:Locality)
WITH o, open_both, c, l, exact, collect(up.id) AS ups
UNWIND list_concat([l.id], ups) AS key
WITH o, open_both, c, key, collect(CASE WHEN key IS NULL OR key = l.id THEN exact END) AS own,
     collect(CASE WHEN key <> l.id THEN l.id END) AS within
WHERE size(own) > 0
UNWIND list_concat([key], within) AS place
WITH o, open_both, c, place, collect(CASE WHEN place IS NULL OR place = key THEN own[1] END) AS exacts,
     collect(own[1]) AS members
WITH o, open_both, c, collect({place: place, exact: exacts[1], members: members}) AS blocks,
     collect(CASE WHEN place IS NULL AND c IS NOT NULL THEN exacts[1] END) AS no_place
UNWIND blocks AS block
WITH o, open_both, c.id AS cohort, block.place AS place, block.exact AS exact, block.members AS members, no_place
WITH o, open_both, place, collect({cohort: cohort, members: members, no_place: no_place}) AS blocks,
     collect(CASE WHEN cohort IS NULL AND place IS NOT NULL THEN exact END) AS no_cohort
UNWIND blocks AS block
WITH o.id AS outcome, block.cohort AS cohort, place,
     list_concat(list_concat(block.members, [CASE WHEN block.cohort IS NOT NULL AND place IS NOT NULL THEN open_both
                                                  ELSE [] END]), list_concat(block.no_place, no_cohort)) AS parts
UNWIND parts AS part
UNWIND part AS member
WITH outcome, cohort, place, collect(DISTINCT member) AS members
WHERE size(members) >= 2 AND size(members) <= $max_block
UNWIND members AS a
UNWIND members AS b
WITH a, b, outcome, cohort, place WHERE a < b
WITH a, b, collect([outcome, cohort, place]) AS shared
UNWIND [a, b] AS one
MATCH (s:Service) WHERE s.id = one
OPTIONAL MATCH (s)<-[:COMMISSIONS]-(com)
WITH a, b, shared, s, list_sort(collect(DISTINCT com.id)) AS coms, count(CASE WHEN com.collective THEN 1 END) AS lumped
OPTIONAL MATCH (s)<-[:DELIVERS]-(dlv)
WITH a, b, shared, s, coms, lumped, list_sort(collect(DISTINCT dlv.id)) AS dlvs,
     count(CASE WHEN dlv.collective THEN 1 END) AS lumped_too
WITH a, b, shared, CASE WHEN size(coms) + size(dlvs) = 0 OR lumped + lumped_too > 0 THEN [[s.id], [s.id]]
                        ELSE [coms, dlvs] END AS partners
WITH a, b, shared, collect(DISTINCT partners) AS profiles
WHERE NOT $cross_partner OR size(profiles) = 2
RETURN a, b, shared
ORDER BY a, b
