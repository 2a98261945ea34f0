// funding: money from partners through budgets to services, outcomes and priorities; contract values apart; prevention share; pooled budget statements.
// part: the budget statements: for each budget, its kind and declared amount, the money in (CONTRIBUTES from partners) and out (FUNDS to services), each as the sum of the known annual amounts, how many flows have no amount (unknown is not zero) and how many flows there are; a pool no document records in place (no stated dates, amount or money) is a plan, and the contributions the project assumed for it are left out of money in. Not the totals by outcome and priority (apportioned equally), by partner, tier and kind, the prevention share or the contracts.
// $pooled: the kind of a pooled budget (default: "pooled")
MATCH (b:Budget)
WITH b, b.kind = $pooled AND NOT (
       (NOT b.assumed AND (b.valid_from IS NOT NULL OR b.valid_to IS NOT NULL OR b.amount IS NOT NULL))
       OR EXISTS { MATCH (:Partner)-[s:CONTRIBUTES]->(b) WHERE NOT s.assumed }
       OR EXISTS { MATCH (b)-[s:FUNDS]->(:Service) WHERE NOT s.assumed }) AS planned
OPTIONAL MATCH (:Partner)-[c:CONTRIBUTES]->(b)
WHERE NOT (planned AND c.assumed)
WITH b, coalesce(sum(c.amount), 0.0) AS in_known, count(c) AS in_flows, count(c.amount) AS in_with_amount
OPTIONAL MATCH (b)-[f:FUNDS]->(:Service)
WITH b, in_known, in_flows, in_with_amount,
     coalesce(sum(f.amount), 0.0) AS out_known, count(f) AS out_flows, count(f.amount) AS out_with_amount
RETURN b.id AS budget, b.name AS name, b.kind AS kind, b.amount AS declared,
       in_known, in_flows - in_with_amount AS in_unknown, in_flows,
       out_known, out_flows - out_with_amount AS out_unknown, out_flows
ORDER BY budget
