// health: governance checks: chairs, terms of reference, accountability, outcomes without indicators, idle or unreported budgets, contracts over the tender threshold without a tender.
// part: every finding, one row per check broken by a node (the Python answer with include_generated; it also folds findings on generated stand-ins into one line per check, and counts what each check had to look at)
// $rules: the checks' names, in order: each row names its check as $rules[k] (default: ["untendered-contract", "pooled-budget-not-reported", "untendered-service-cost", "body-no-chair", "body-no-terms-of-reference", "body-accountable-to-nothing", "service-no-outcome", "outcome-no-indicator", "budget-funds-nothing"])
// $threshold: a contract worth more than this over its life must be tendered, in pounds (default: 35000)
// $pooled: the kind of a pooled budget (default: "pooled")
// $chair: the role of a member who chairs (default: "chair")
// $decommissioned: the status of a stopped service (default: "decommissioned")
// dialect: Ladybug ((b:Board:SubGroup) means Board or SubGroup; in Neo4j write MATCH (b) WHERE b:Board OR b:SubGroup)
MATCH ()-[e:COMMISSIONS]->(s:Service)
WHERE (e.tendered IS NULL OR NOT e.tendered) AND e.lifetime_value > $threshold
RETURN $rules[1] AS rule, s.id AS node, s.name AS name
UNION ALL
MATCH (b:Budget)
WHERE b.kind = $pooled AND NOT EXISTS { MATCH (:Board:SubGroup)-[:MONITORS]->(b) }
  AND ((NOT b.assumed AND (b.valid_from IS NOT NULL OR b.valid_to IS NOT NULL OR b.amount IS NOT NULL))
       OR EXISTS { MATCH (:Partner)-[s:CONTRIBUTES]->(b) WHERE NOT s.assumed }
       OR EXISTS { MATCH (b)-[s:FUNDS]->(:Service) WHERE NOT s.assumed })
RETURN $rules[2] AS rule, b.id AS node, b.name AS name
UNION ALL
MATCH (s:Service)
WHERE s.annual_cost > $threshold
  AND NOT EXISTS { MATCH ()-[e:COMMISSIONS]->(s) WHERE e.tendered }
  AND NOT EXISTS { MATCH ()-[e:COMMISSIONS]->(s) WHERE (e.tendered IS NULL OR NOT e.tendered) AND e.lifetime_value > $threshold }
RETURN $rules[3] AS rule, s.id AS node, s.name AS name
UNION ALL
MATCH (b:Board:SubGroup)
WHERE NOT EXISTS { MATCH ()-[:CHAIRS]->(b) } AND NOT EXISTS { MATCH ()-[m:MEMBER_OF]->(b) WHERE m.role = $chair }
RETURN $rules[4] AS rule, b.id AS node, b.name AS name
UNION ALL
MATCH (b:Board:SubGroup)
WHERE b.terms_of_reference IS NULL OR size(b.terms_of_reference) = 0
RETURN $rules[5] AS rule, b.id AS node, b.name AS name
UNION ALL
MATCH (b:Board:SubGroup)
WHERE NOT EXISTS { MATCH (b)-[:ACCOUNTABLE_TO]->() } AND EXISTS { MATCH (b)-[:REPORTS_TO]->() }
  AND (b.independent IS NULL OR NOT b.independent)
RETURN $rules[6] AS rule, b.id AS node, b.name AS name
UNION ALL
MATCH (s:Service)
WHERE s.status <> $decommissioned AND NOT EXISTS { MATCH (s)-[:CONTRIBUTES_TO]->() }
RETURN $rules[7] AS rule, s.id AS node, s.name AS name
UNION ALL
MATCH (o:Outcome)
WHERE NOT EXISTS { MATCH (o)-[:MEASURED_BY]->() }
RETURN $rules[8] AS rule, o.id AS node, o.name AS name
UNION ALL
MATCH (b:Budget)
WHERE NOT EXISTS { MATCH (b)-[:FUNDS]->() }
RETURN $rules[9] AS rule, b.id AS node, b.name AS name
