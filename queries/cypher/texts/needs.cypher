// needs: identified needs no active service addresses, or no priority does.
// part: the whole list: every need with the active services and the priorities that address it (the Python answer lists at most its limit of them, gaps first, and counts them all)
// $active: the status of a running service (default: "active")
MATCH (n:Need)
OPTIONAL MATCH (s:Service)-[:ADDRESSES]->(n)
WHERE s.status = $active
WITH n, collect(DISTINCT s.id) AS services
OPTIONAL MATCH (p:Priority)-[:ADDRESSES]->(n)
RETURN n.id AS need, n.name AS name, services, collect(DISTINCT p.id) AS priorities,
       size(services) = 0 AS without_service
ORDER BY need
