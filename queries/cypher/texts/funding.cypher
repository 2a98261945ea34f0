// funding: money from partners through budgets to services, outcomes and priorities; contract values apart; prevention share; pooled budget statements.
// part: the budget statements: for each budget, its kind and declared amount, the money in (CONTRIBUTES from partners) and out (FUNDS to services), each as the sum of the known annual amounts, how many flows have no amount (unknown is not zero) and how many flows there are. Not the totals by outcome and priority (apportioned equally), by partner, tier and kind, the prevention share or the contracts.
MATCH (b:Budget)
OPTIONAL MATCH (:Partner)-[c:CONTRIBUTES]->(b)
WITH b, coalesce(sum(c.amount), 0.0) AS in_known, count(c) AS in_flows, count(c.amount) AS in_with_amount
OPTIONAL MATCH (b)-[f:FUNDS]->(:Service)
WITH b, in_known, in_flows, in_with_amount,
     coalesce(sum(f.amount), 0.0) AS out_known, count(f) AS out_flows, count(f.amount) AS out_with_amount
RETURN b.id AS budget, b.name AS name, b.kind AS kind, b.amount AS declared,
       in_known, in_flows - in_with_amount AS in_unknown, in_flows,
       out_known, out_flows - out_with_amount AS out_unknown, out_flows
ORDER BY budget
