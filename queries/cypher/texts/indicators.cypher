// indicators: each indicator's direction of travel against its baseline and target; indicators with no data and priority outcomes with no indicator.
// part: what is not measured: the indicators with no observation (indicator true) and the outcomes that support a priority but that no indicator measures (indicator false). Not each indicator's direction of travel (its latest observation against its baseline or first one, and its target).
MATCH (i:Indicator)
WHERE NOT EXISTS { MATCH (i)-[:HAS_OBSERVATION]->() }
RETURN true AS indicator, i.id AS id, i.name AS name
UNION ALL
MATCH (o:Outcome)
WHERE EXISTS { MATCH (o)-[:SUPPORTS_PRIORITY]->() } AND NOT EXISTS { MATCH (o)-[:MEASURED_BY]->() }
RETURN false AS indicator, o.id AS id, o.name AS name
