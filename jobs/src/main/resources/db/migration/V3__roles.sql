-- Database roles (group roles, NOLOGIN): grant them to login users.
--   brushguard_writer    the job: inserts alerts, credit events, candidates; never reviews.
--   brushguard_analyst   reads everything; reviews candidates (review columns only).
--   brushguard_regulator reads the pseudonymised views only.
-- Roles are cluster-wide; this migration needs CREATEROLE the first time (run it as the
-- database owner: `brushguard db migrate`).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'brushguard_writer') THEN
        CREATE ROLE brushguard_writer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'brushguard_analyst') THEN
        CREATE ROLE brushguard_analyst NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'brushguard_regulator') THEN
        CREATE ROLE brushguard_regulator NOLOGIN;
    END IF;
END
$$;

REVOKE ALL ON risk_alert, credit_policy, credit_event, list_candidate, regulator_alert
    FROM PUBLIC;
REVOKE ALL ON credit_record, regulator_alerts, regulator_candidates FROM PUBLIC;

GRANT SELECT, INSERT ON risk_alert, credit_event, regulator_alert TO brushguard_writer;
GRANT SELECT ON credit_policy TO brushguard_writer;
GRANT SELECT, INSERT ON list_candidate TO brushguard_writer;
GRANT UPDATE (reason_codes, alert_ids, alert_refs, first_seen, last_seen) ON list_candidate
    TO brushguard_writer;

GRANT SELECT ON risk_alert, credit_policy, credit_event, list_candidate, regulator_alert,
    credit_record, regulator_alerts, regulator_candidates TO brushguard_analyst;
GRANT UPDATE (review_status, reviewed_by, reviewed_at, review_note) ON list_candidate
    TO brushguard_analyst;
GRANT UPDATE ON credit_policy TO brushguard_analyst;

GRANT SELECT ON regulator_alerts, regulator_candidates TO brushguard_regulator;

-- The job runs the migrations at start-up, which reads Flyway's schema history and does nothing
-- when the schema is current; without this a login holding only brushguard_writer could not
-- start the job. Changing the schema stays with the owner (brushguard db migrate).
GRANT SELECT ON ${flyway:table} TO brushguard_writer;
