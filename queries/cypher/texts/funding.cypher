// funding: money from partners through budgets to services, outcomes and priorities; contract values apart; prevention share; pooled budget statements.
// part: the budget statements: for each budget, its kind and declared amount, the money in (CONTRIBUTES from partners) and out (FUNDS to services), each as the sum of the known annual amounts, how many flows have no amount (unknown is not zero) and how many flows there are; a pool no document records in place (no stated dates, amount or money) is a plan, and the contributions the project assumed for it are left out of money in. Not the totals by outcome and priority (apportioned equally), by partner, tier and kind, the prevention share or the contracts.
// $pooled: the kind of a pooled budget (default: "pooled")
// Each budget's money in and out in one pass over each kind of link. A pool is a plan when nothing about it is
// recorded (no flow that is not assumed, no stated dates or amount): then none of its contributions count.
MATCH (b:Budget)
OPTIONAL MATCH (:Partner)-[c:CONTRIBUTES]->(b)
WITH b, coalesce(sum(c.amount), 0.0) AS in_known, count(c) AS in_flows, count(c.amount) AS in_with_amount,
     count(CASE WHEN NOT c.assumed THEN 1 END) AS in_recorded
OPTIONAL MATCH (b)-[f:FUNDS]->(:Service)
WITH b, in_known, in_flows, in_with_amount, in_recorded,
     coalesce(sum(f.amount), 0.0) AS out_known, count(f) AS out_flows, count(f.amount) AS out_with_amount,
     count(CASE WHEN NOT f.assumed THEN 1 END) AS out_recorded
WITH b, in_known, in_flows, in_with_amount, out_known, out_flows, out_with_amount,
     coalesce(b.kind = $pooled, false) AND in_recorded = 0 AND out_recorded = 0
     AND (b.assumed OR (b.valid_from IS NULL AND b.valid_to IS NULL AND b.amount IS NULL)) AS planned
RETURN b.id AS budget, b.name AS name, b.kind AS kind, b.amount AS declared,
       CASE WHEN planned THEN 0.0 ELSE in_known END AS in_known,
       CASE WHEN planned THEN 0 ELSE in_flows - in_with_amount END AS in_unknown,
       CASE WHEN planned THEN 0 ELSE in_flows END AS in_flows,
       out_known, out_flows - out_with_amount AS out_unknown, out_flows
ORDER BY budget
