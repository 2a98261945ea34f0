// accountability-integrity: bodies with no formal parent or several, and loops in accountability and reporting.
// part: the bodies with no formal parent (formal_parents 0, with the bodies they report to and those that delegate powers to them) and those with several (formal_parents 2 or more, with their parents), the tops being every board with no ACCOUNTABLE_TO or REPORTS_TO, as in the Python answer by default; bodies marked independent and voice forums (linked by INFLUENCES alone) are no issue. Not the loops, which the Python answer finds as strongly connected components.
// dialect: Ladybug ((b:Board:SubGroup) means Board or SubGroup; in Neo4j write MATCH (b) WHERE b:Board OR b:SubGroup)
MATCH (b:Board:SubGroup)
WHERE NOT EXISTS { MATCH (b)-[:ACCOUNTABLE_TO]->() }
  AND (b.independent IS NULL OR NOT b.independent)
OPTIONAL MATCH (b)-[:REPORTS_TO]->(r)
WITH b, collect(r.id) AS reports_to
OPTIONAL MATCH (d)-[:DELEGATES_TO]->(b)
WITH b, reports_to, collect(d.id) AS delegated_by
WHERE (size(reports_to) > 0 OR NOT EXISTS { MATCH (top:Board) WHERE top.id = b.id })
  AND (size(reports_to) + size(delegated_by) > 0 OR NOT EXISTS { MATCH (b)-[:INFLUENCES]-() })
RETURN b.id AS body, 0 AS formal_parents, reports_to + delegated_by AS related
UNION ALL
MATCH (b:Board:SubGroup:Unit)-[:ACCOUNTABLE_TO]->(parent)
WITH b, collect(DISTINCT parent.id) AS parents
WHERE size(parents) > 1
RETURN b.id AS body, size(parents) AS formal_parents, parents AS related
