// golden-thread: service → outcome → priority → plan, what contributes to a priority or plan, and services with no thread.
// part: the answer with no node named: the active services with no thread to any plan, with how far each gets (outcomes, priorities, plans reached; the thread breaks at the first 0: no outcome, no priority, no plan). Not the threads through named services, outcomes, priorities or plans.
// $active: the status of a running service (default: "active")
MATCH (s:Service)
WHERE s.status = $active
OPTIONAL MATCH (s)-[:CONTRIBUTES_TO]->(o:Outcome)
OPTIONAL MATCH (o)-[:SUPPORTS_PRIORITY]->(r:Priority)
OPTIONAL MATCH (r)-[:PART_OF]->(pl:Plan)
WITH s, count(DISTINCT o) AS outcomes, count(DISTINCT r) AS priorities, count(DISTINCT pl) AS plans
WHERE plans = 0
RETURN s.id AS service, s.name AS name, outcomes, priorities, plans
ORDER BY service
