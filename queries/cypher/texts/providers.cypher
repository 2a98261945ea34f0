// providers: the provider mix by sector; contracts by end date, with the Compact's notice to voluntary-sector suppliers.
// part: the provider mix: for each sector of the partners (or units) delivering active services, how many active services it delivers (a service with several providers counts under each sector) and who they are (the Python answer names at most 20 a sector). Not the contracts by end date, which read each contract's span as the Python Partnership works it out (dates inherited from plans, the period's start).
// dialect: Ladybug (label(x); in Neo4j labels(x)[0])
// $active: the status of a running service (default: "active")
// $unit_label: the label of a unit, whose sector is its own kind (default: "Unit")
// $unit: the sector shown for a unit, a partner's own team (default: "unit")
// $unrecorded: the sector shown when none is recorded, or no provider is (default: "not recorded")
MATCH (s:Service)
WHERE s.status = $active
OPTIONAL MATCH (x)-[:DELIVERS]->(s)
WITH s, x, CASE WHEN x IS NULL THEN $unrecorded
                WHEN label(x) = $unit_label THEN $unit
                ELSE coalesce(x.sector, $unrecorded) END AS sector
RETURN sector, count(DISTINCT s) AS services, collect(DISTINCT x.id) AS providers
ORDER BY services DESC, sector
