// commissioning: who holds commissioning responsibility at each level (strategic, operational, individual), and active services with no commissioner recorded.
// part: the whole answer: for each commissioning level of active services (level null: not recorded), how many services, how many have a commissioner, the commissioners, and the services with none (the Python answer lists at most its limit of those)
// $active: the status of a running service (default: "active")
MATCH (s:Service)
WHERE s.status = $active
OPTIONAL MATCH (c)-[:COMMISSIONS]->(s)
RETURN s.commissioning_level AS level, count(DISTINCT s) AS services,
       count(DISTINCT CASE WHEN c IS NOT NULL THEN s.id END) AS commissioned,
       collect(DISTINCT c.id) AS commissioners,
       collect(DISTINCT CASE WHEN c IS NULL THEN s.id END) AS without_commissioner
ORDER BY level
