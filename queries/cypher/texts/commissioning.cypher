// commissioning: who holds commissioning responsibility at each level (strategic, operational, individual), and active services with no commissioner recorded.
// part: the whole answer: for each commissioning level of active services (level null: not recorded), how many services, how many have a commissioner, the commissioners, and the services with none (the Python answer lists at most its limit of those)
// $active: the status of a running service (default: "active")
// $unrecorded: stands in for a level not recorded when the services' levels are matched with their commissioners' (default: "not recorded")
MATCH (s:Service)
WHERE s.status = $active
WITH s, EXISTS { MATCH (s)<-[:COMMISSIONS]-() } AS commissioned
WITH s.commissioning_level AS level, count(*) AS services, count(CASE WHEN commissioned THEN 1 END) AS commissioned,
     collect(CASE WHEN NOT commissioned THEN s.id END) AS without_commissioner,
     collect(CASE WHEN commissioned THEN s.id END) AS with_commissioner
WHERE commissioned > 0
MATCH (c)-[:COMMISSIONS]->(t:Service)
WHERE t.status = $active AND coalesce(t.commissioning_level, $unrecorded) = coalesce(level, $unrecorded)
RETURN level, services, commissioned, collect(DISTINCT c.id) AS commissioners, without_commissioner
UNION ALL
MATCH (s:Service)
WHERE s.status = $active
WITH s, EXISTS { MATCH (s)<-[:COMMISSIONS]-() } AS commissioned
WITH s.commissioning_level AS level, count(*) AS services, count(CASE WHEN commissioned THEN 1 END) AS commissioned,
     collect(CASE WHEN NOT commissioned THEN s.id END) AS without_commissioner,
     collect(CASE WHEN commissioned THEN s.id END) AS with_commissioner
WHERE commissioned = 0
RETURN level, services, commissioned, with_commissioner AS commissioners, without_commissioner
