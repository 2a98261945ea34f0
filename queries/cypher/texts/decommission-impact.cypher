// decommission-impact: what stopping one or more services leaves uncovered, which referral pathways break, and what money is freed.
// part: the referral pathways that break: every REFERS_TO out of a stopped service to one that goes on (into false) and into a stopped service from one that goes on (into true). Not the cover lost (outcomes, cohorts and localities with nested places), the services stranded, or the money freed (which tells partners' money from central government's).
// $node: a list of the ids of the services to stop, e.g. ["first"]
// The stopped services are found by one scan of the ids; the names are read by id lookup afterwards, so the
// scan reads ids only. all(...) rather than NOT ... IN keeps the far end a step from the stopped service
// (Ladybug otherwise scans every service to join it).
MATCH (stopped:Service)
WHERE stopped.id IN $node
MATCH (stopped)-[:REFERS_TO]->(t:Service)
WHERE all(gone IN $node WHERE gone <> t.id)
WITH stopped.id AS from_id, t
MATCH (s:Service {id: from_id})
RETURN false AS into, from_id, s.name AS from_name, t.id AS to_id, t.name AS to_name
UNION ALL
MATCH (stopped:Service)
WHERE stopped.id IN $node
MATCH (source:Service)-[:REFERS_TO]->(stopped)
WHERE all(gone IN $node WHERE gone <> source.id)
WITH source, stopped.id AS to_id
MATCH (s:Service {id: to_id})
RETURN true AS into, source.id AS from_id, source.name AS from_name, to_id, s.name AS to_name
