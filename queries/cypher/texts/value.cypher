// value: savings, costs avoided and other results recorded against the outcomes each active service contributes to: what to protect and what to stop.
// part: the active services with results recorded (an indicator with an observation measures an outcome they contribute to; a figure of context, with no better direction, is not a result), whether one is counted in money (a saving), and those indicators. Not the figures in words, the figures of context, nor whether the service is the outcome's only contributor.
// $active: the status of a running service (default: "active")
// $money: the unit of an indicator counted in money (default: "GBP")
// $context: the direction of a figure of context, not a result (default: "neither")
MATCH (s:Service)-[:CONTRIBUTES_TO]->(o:Outcome)-[:MEASURED_BY]->(i:Indicator)
WHERE s.status = $active AND EXISTS { MATCH (i)-[:HAS_OBSERVATION]->() }
  AND (i.direction IS NULL OR i.direction <> $context)
WITH s, collect(DISTINCT i.id) AS indicators, max(CASE WHEN i.unit = $money THEN 1 ELSE 0 END) AS money
RETURN s.id AS service, s.name AS name, money = 1 AS in_money, indicators
ORDER BY in_money DESC, service
