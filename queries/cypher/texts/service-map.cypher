// service-map: services mapped to outcomes and resources: correlations, overlaps and gaps (Staffordshire's map).
// part: the outcomes side of the map: for every outcome, the active services contributing to it (more than one: an overlap; none: a gap). Not the money (annual FUNDS and lifetime contract values, kept apart, with unknown amounts counted) nor the per-service rows.
// $active: the status of a running service (default: "active")
MATCH (o:Outcome)
OPTIONAL MATCH (s:Service)-[:CONTRIBUTES_TO]->(o)
WHERE s.status = $active
RETURN o.id AS outcome, o.name AS name, count(DISTINCT s) AS services, collect(DISTINCT s.id) AS service_ids
ORDER BY services DESC, outcome
