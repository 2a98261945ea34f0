// reports-to: everything under a board, as a tree with children by kind of link.
// part: everything under the node by formal accountability, reporting and support (the query with kind formal, reporting and supports), each at its shallowest depth; a report made only on a condition (REPORTS_TO with a condition, such as "as necessary") places nothing, so the path skips it. Not delegation, which runs the other way (DELEGATES_TO from the body above), so one path pattern cannot follow it with the others; nor each node's parent, nor the voice links listed apart.
// dialect: Ladybug (SHORTEST with a filter on each link; in Neo4j write shortestPath((x)-[:ACCOUNTABLE_TO|REPORTS_TO|SUPPORTS*]->(top)) WHERE all(r IN relationships(p) WHERE r.condition IS NULL))
// $node: the id of the board or body at the top, e.g. "yorok-board"
// The top is a Board or a SubGroup (every link followed ends at one), so it is found by its id, not by a scan of every node.
MATCH p = (x)-[:ACCOUNTABLE_TO|REPORTS_TO|SUPPORTS* SHORTEST 1..1000 (r, n | WHERE r.condition IS NULL)]->(top:Board|SubGroup {id: $node})
WHERE x.id <> top.id
RETURN x.id AS id, x.name AS name, label(x) AS type, length(p) AS depth
ORDER BY depth, id
