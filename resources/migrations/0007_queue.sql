-- Version 7: the queue in SLA order (issue 14: the desk at 100,000 cases). The expression is the
-- one CaseStore orders by (the time the SLA badge counts down to), so both databases walk this
-- index in order and stop after a page instead of sorting every open case.
CREATE INDEX cases_sla_due ON cases ((CASE WHEN first_response_at IS NULL AND first_response_due > 0 AND first_response_due < resolution_due THEN first_response_due ELSE resolution_due END), num DESC);
