// golden-thread: service → outcome → priority → plan, what contributes to a priority or plan, and services with no thread.
// part: the answer with no node named: the active services with no thread to any plan, with how far each gets (outcomes and priorities reached; the thread breaks at the first 0: no outcome, no priority, else no plan). Not the threads through named services, outcomes, priorities or plans.
// $active: the status of a running service (default: "active")
MATCH (s:Service)
WHERE s.status = $active
  AND NOT EXISTS { MATCH (s)-[:CONTRIBUTES_TO]->(:Outcome)-[:SUPPORTS_PRIORITY]->(:Priority)-[:PART_OF]->(:Plan) }
OPTIONAL MATCH (s)-[:CONTRIBUTES_TO]->(o:Outcome)
OPTIONAL MATCH (o)-[:SUPPORTS_PRIORITY]->(r:Priority)
RETURN s.id AS service, s.name AS name, count(DISTINCT o) AS outcomes, count(DISTINCT r) AS priorities
ORDER BY service
