// interdependencies: what an outcome depends on and what depends on it, transitively.
// part: the traces: for each outcome in $node, every outcome it depends on (depends_on true) and every outcome that depends on it (depends_on false), following dependencies only (not roll-ups under a wider outcome), each with its distance in DEPENDS_ON steps. Not the clusters (weakly and strongly connected components, which the Python answer finds with networkx) nor the roll-ups listed apart.
// dialect: Ladybug (SHORTEST with a filter on the steps; in Neo4j write shortestPath((o)-[:DEPENDS_ON*]->(other)) WHERE all(r IN relationships(p) WHERE r.kind = $dependency))
// $node: a list of outcome ids, e.g. ["less-obesity"]
// $dependency: the kind of a DEPENDS_ON that is a dependency, not a roll-up (default: "dependency")
MATCH (o:Outcome)
WHERE o.id IN $node
MATCH p = (o)-[:DEPENDS_ON* SHORTEST 1..1000 (r, n | WHERE r.kind = $dependency)]->(other:Outcome)
WHERE other.id <> o.id
RETURN o.id AS outcome, true AS depends_on, other.id AS other_id, other.name AS other, length(p) AS distance
UNION ALL
MATCH (o:Outcome)
WHERE o.id IN $node
MATCH p = (o)<-[:DEPENDS_ON* SHORTEST 1..1000 (r, n | WHERE r.kind = $dependency)]-(other:Outcome)
WHERE other.id <> o.id
RETURN o.id AS outcome, false AS depends_on, other.id AS other_id, other.name AS other, length(p) AS distance
