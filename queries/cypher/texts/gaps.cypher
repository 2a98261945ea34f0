// gaps: priority outcomes, cohorts and localities no active service or no money reaches, with a coverage matrix.
// part: the coverage matrix by cohort (the default): for each outcome checked (those supporting a priority; every outcome when none does) and each cohort, how many active services contribute to the outcome and target the cohort; only non-zero cells. For localities, write SERVES and Locality for TARGETS and Cohort. Not the gaps themselves, whose cohorts and localities are reached through wider and narrower ones (PART_OF) and by money.
// $active: the status of a running service (default: "active")
MATCH (o:Outcome)<-[:CONTRIBUTES_TO]-(s:Service)-[:TARGETS]->(c:Cohort)
WHERE s.status = $active
  AND (EXISTS { MATCH (o)-[:SUPPORTS_PRIORITY]->() } OR NOT EXISTS { MATCH (:Outcome)-[:SUPPORTS_PRIORITY]->() })
RETURN o.id AS outcome, o.name AS outcome_name, c.id AS cohort, c.name AS cohort_name, count(*) AS services
ORDER BY outcome, cohort
