// commissioning: who holds commissioning responsibility at each level (strategic, operational, individual), and active services with no commissioner recorded.
// part: the whole answer: for each commissioning level of active services (level null: not recorded), how many services, how many have a commissioner, the commissioners, and the services with none (the Python answer lists at most its limit of those)
// $active: the status of a running service (default: "active")
MATCH (s:Service)
WHERE s.status = $active
WITH s, EXISTS { MATCH (s)<-[:COMMISSIONS]-() } AS commissioned
WITH s.commissioning_level AS level, count(*) AS services, sum(CASE WHEN commissioned THEN 1 ELSE 0 END) AS commissioned,
     collect(CASE WHEN NOT commissioned THEN s.id END) AS without_commissioner
OPTIONAL MATCH (c)-[:COMMISSIONS]->(t:Service)
WHERE t.status = $active AND (t.commissioning_level = level OR (t.commissioning_level IS NULL AND level IS NULL))
RETURN level, services, commissioned, collect(DISTINCT c.id) AS commissioners, without_commissioner
ORDER BY level
