// commissioning: who holds commissioning responsibility at each level (strategic, operational, individual), and active services with no commissioner recorded.
// part: the whole answer: for each commissioning level of active services (level null: not recorded), how many services, how many have a commissioner, the commissioners, and the services with none (the Python answer lists at most its limit of those)
// dialect: Ladybug (list_filter and list_contains; in Neo4j write [x IN services WHERE NOT x IN commissioned])
// $active: the status of a running service (default: "active")
MATCH (s:Service)
WHERE s.status = $active
OPTIONAL MATCH (c)-[:COMMISSIONS]->(s)
WITH s.commissioning_level AS level, collect(DISTINCT s.id) AS services,
     collect(DISTINCT CASE WHEN c IS NOT NULL THEN s.id END) AS commissioned, collect(DISTINCT c.id) AS commissioners
RETURN level, size(services) AS services, size(commissioned) AS commissioned, commissioners,
       list_filter(services, x -> NOT list_contains(commissioned, x)) AS without_commissioner
ORDER BY level
