// decommission-impact: what stopping one or more services leaves uncovered, which referral pathways break, and what money is freed.
// part: the referral pathways that break: every REFERS_TO out of a stopped service to one that goes on (into false) and into a stopped service from one that goes on (into true). Not the cover lost (outcomes, cohorts and localities with nested places), the services stranded, or the money freed (which tells partners' money from central government's).
// $node: a list of the ids of the services to stop, e.g. ["first"]
MATCH (s:Service)
WHERE s.id IN $node
MATCH (s)-[:REFERS_TO]->(t:Service)
WHERE NOT t.id IN $node
RETURN false AS into, s.id AS from_id, s.name AS from_name, t.id AS to_id, t.name AS to_name
UNION ALL
MATCH (s:Service)
WHERE s.id IN $node
MATCH (source:Service)-[:REFERS_TO]->(s)
WHERE NOT source.id IN $node
RETURN true AS into, source.id AS from_id, source.name AS from_name, s.id AS to_id, s.name AS to_name
