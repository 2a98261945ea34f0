// reporting-line: from any body, service, post or unit up to the top(s): the formal line first, then the other routes; a partner's or post's seats apart.
// part: the nodes above the start, each once: top when nothing is above it (no link upwards of any kind), on_condition when only a link that holds on a condition reaches it (a REPORTS_TO with a condition such as "as necessary", a DELEGATES_TO marked conditional), since such a link is listed but not followed further. The links followed are the Python query's: a service's commissioners and a post's employer first (COMMISSIONS, EMPLOYS read backwards), then formal accountability, reporting, support and part-of (ACCOUNTABLE_TO, REPORTS_TO, SUPPORTS, PART_OF) and delegated powers read backwards (DELEGATES_TO from the body above), through at most two delegations that are not conditional (no bundled or synthetic partnership has one). Not the steps in order: the line that takes the strongest link at each step and the depth at which each other route first reaches a node are Python's, as are the seats and the voice links.
// dialect: Ladybug ((x:Board:SubGroup) means Board or SubGroup, and *0..30 (r, n | WHERE …) filters each link of a path; in Neo4j write MATCH (x) WHERE x:Board OR x:SubGroup, name the path p and add WHERE all(r IN relationships(p) WHERE r.condition IS NULL); list_concat and list_contains are + and IN there)
// $node: the id of the body, unit, service, post or partner to start from, e.g. "icg"
MATCH (s {id: $node})<-[:COMMISSIONS|EMPLOYS*0..1]-(:Board:SubGroup:Unit:Partner:Service:Post)
      -[:ACCOUNTABLE_TO|REPORTS_TO|SUPPORTS|PART_OF*0..30 (r, n | WHERE r.condition IS NULL)]->(a)
OPTIONAL MATCH (a)<-[da:DELEGATES_TO]-(:Board:SubGroup:Partner)
      -[:ACCOUNTABLE_TO|REPORTS_TO|SUPPORTS|PART_OF*0..30 (r, n | WHERE r.condition IS NULL)]->(b)
WHERE da.conditional IS NULL OR NOT da.conditional
OPTIONAL MATCH (b)<-[db:DELEGATES_TO]-(:Board:SubGroup:Partner)
      -[:ACCOUNTABLE_TO|REPORTS_TO|SUPPORTS|PART_OF*0..30 (r, n | WHERE r.condition IS NULL)]->(c)
WHERE db.conditional IS NULL OR NOT db.conditional
WITH s.id AS start, list_concat(list_concat(collect(a.id), collect(b.id)), collect(c.id)) AS reached
UNWIND reached AS reached_id
MATCH (x:Board:SubGroup:Unit:Partner) WHERE x.id = reached_id
WITH DISTINCT start, x
OPTIONAL MATCH (x)-[up:ACCOUNTABLE_TO|REPORTS_TO|SUPPORTS|PART_OF]->(y)
WITH start, x, count(up) AS ups, collect(CASE WHEN up.condition IS NOT NULL THEN y.id END) AS reports
OPTIONAL MATCH (x)<-[down:DELEGATES_TO]-(z)
WITH start, x, ups, reports, count(down) AS downs, collect(CASE WHEN down.conditional THEN z.id END) AS delegating
UNWIND list_concat([x.id], list_concat(reports, delegating)) AS above_id
WITH start, above_id, collect(above_id = x.id) AS reached, collect(ups + downs = 0 AND above_id = x.id) AS tops
WHERE above_id IS NOT NULL AND above_id <> start
MATCH (above:Board:SubGroup:Unit:Partner {id: above_id})
RETURN above_id AS id, above.name AS name, label(above) AS type, list_contains(tops, true) AS top,
       NOT list_contains(reached, true) AS on_condition
ORDER BY id
