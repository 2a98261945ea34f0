// commissioning: who holds commissioning responsibility at each level (strategic, operational, individual), and active services with no commissioner recorded.
// part: the whole answer: for each commissioning level of active services (level null: not recorded), how many services, how many have a commissioner, the commissioners, and the services with none (the Python answer lists at most its limit of those)
// $active: the status of a running service (default: "active")
// $unrecorded: stands in for a level not recorded when the services' levels are matched with their commissioners' (default: "not recorded")
// One row per level, built in three steps (the services at each level, then the commissioners joined on the level, then the
// services with none), each adding a few values per level rather than carrying lists through every service.
// The level is matched through coalesce (Ladybug drops an OPTIONAL MATCH on a null carried by WITH).
MATCH (s:Service)
WHERE s.status = $active
WITH s.commissioning_level AS level, coalesce(s.commissioning_level, $unrecorded) AS matched, count(*) AS services
OPTIONAL MATCH (c)-[:COMMISSIONS]->(t:Service)
WHERE t.status = $active AND coalesce(t.commissioning_level, $unrecorded) = matched
WITH level, matched, services, collect(DISTINCT c.id) AS commissioners
OPTIONAL MATCH (u:Service)
WHERE u.status = $active AND coalesce(u.commissioning_level, $unrecorded) = matched
  AND NOT EXISTS { MATCH (u)<-[:COMMISSIONS]-() }
WITH level, services, commissioners, collect(u.id) AS without_commissioner
RETURN level, services, services - size(without_commissioner) AS commissioned, commissioners, without_commissioner
