-- Credit records (信用档案): an append-only log of credit events per subject, the policy that
-- turns the log into a score and grade, blacklist / red-list candidates, and the pseudonymised
-- copy of every alert that regulators may read. See docs/credit-records.md.

-- The tunable scoring policy: one row. Analysts change it with UPDATE; scores and grades are
-- derived at query time, so a change applies to every record at once (the log is untouched).
CREATE TABLE credit_policy (
    id               INTEGER PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    base_score       NUMERIC(6, 2) NOT NULL DEFAULT 100,
    half_life_days   NUMERIC(8, 2) NOT NULL DEFAULT 180 CHECK (half_life_days > 0),
    weight_low       NUMERIC(6, 2) NOT NULL DEFAULT 2,
    weight_medium    NUMERIC(6, 2) NOT NULL DEFAULT 6,
    weight_high      NUMERIC(6, 2) NOT NULL DEFAULT 15,
    grade_a_min      NUMERIC(6, 2) NOT NULL DEFAULT 90,
    grade_b_min      NUMERIC(6, 2) NOT NULL DEFAULT 75,
    grade_c_min      NUMERIC(6, 2) NOT NULL DEFAULT 60
);
INSERT INTO credit_policy (id) VALUES (1);

-- One credit event per alert, on the alert's subject. Append-only: rows are never updated,
-- deleted or truncated (enforced below, for the owner too); a replayed alert hits the same
-- event_id and is ignored.
CREATE TABLE credit_event (
    event_id      TEXT PRIMARY KEY,
    entity_type   TEXT             NOT NULL,
    entity_id     TEXT             NOT NULL,
    alert_id      TEXT             NOT NULL,
    kind          TEXT             NOT NULL,
    direction     TEXT             NOT NULL,
    rule_id       TEXT             NOT NULL,
    rule_version  INTEGER          NOT NULL,
    severity      TEXT             NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),
    alert_score   DOUBLE PRECISION NOT NULL,
    -- The score change when it happened, before decay: -(weight of severity) * alert score,
    -- with the weights of credit_policy at insert time.
    score_change  NUMERIC(8, 2)    NOT NULL,
    occurred_at   TIMESTAMPTZ      NOT NULL,
    what          TEXT             NOT NULL
);
CREATE INDEX credit_event_entity_idx ON credit_event (entity_type, entity_id, occurred_at);

CREATE FUNCTION credit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit_event is append-only: % is not allowed', TG_OP;
END
$$;
CREATE TRIGGER credit_event_append_only BEFORE UPDATE OR DELETE ON credit_event
    FOR EACH ROW EXECUTE FUNCTION credit_event_is_append_only();
-- Row triggers do not see TRUNCATE, which would empty the log in one statement.
CREATE TRIGGER credit_event_no_truncate BEFORE TRUNCATE ON credit_event
    FOR EACH STATEMENT EXECUTE FUNCTION credit_event_is_append_only();

-- The score change of an alert under the current policy.
CREATE FUNCTION credit_score_change(severity TEXT, alert_score DOUBLE PRECISION)
RETURNS NUMERIC LANGUAGE sql STABLE AS $$
    SELECT round(-(CASE severity WHEN 'HIGH' THEN p.weight_high
                                 WHEN 'MEDIUM' THEN p.weight_medium
                                 ELSE p.weight_low END) * alert_score::numeric, 2)
    FROM credit_policy p
$$;

-- A subject's score as of a moment: base + sum of score changes, each halved every half-life
-- since it happened; clamped to 0..base.
CREATE FUNCTION credit_score(p_entity_type TEXT, p_entity_id TEXT, p_as_of TIMESTAMPTZ)
RETURNS NUMERIC LANGUAGE sql STABLE AS $$
    SELECT round(greatest(0, least(p.base_score, p.base_score + coalesce(sum(
               e.score_change * power(0.5, greatest(0, extract(epoch FROM p_as_of - e.occurred_at))
                                            / 86400.0 / p.half_life_days)), 0))), 2)
    FROM credit_policy p
    LEFT JOIN credit_event e
           ON e.entity_type = p_entity_type AND e.entity_id = p_entity_id
          AND e.occurred_at <= p_as_of
    GROUP BY p.base_score
$$;

CREATE FUNCTION credit_grade(score NUMERIC) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN score >= p.grade_a_min THEN 'A'
                WHEN score >= p.grade_b_min THEN 'B'
                WHEN score >= p.grade_c_min THEN 'C'
                ELSE 'D' END
    FROM credit_policy p
$$;

-- Blacklist and red-list candidates. The job inserts and widens them (reasons and alert ids are
-- only ever added; first_seen only moves back, last_seen only forward), so any replay converges
-- on the same row. The review columns belong to people: the job never writes them (its role
-- has no UPDATE grant on them, see V3).
CREATE TABLE list_candidate (
    candidate_id   TEXT PRIMARY KEY,
    list           TEXT        NOT NULL CHECK (list IN ('BLACKLIST', 'REDLIST')),
    entity_type    TEXT        NOT NULL,
    entity_id      TEXT        NOT NULL,
    -- What regulators see instead of entity_id: the id itself for businesses (shops,
    -- carriers), an HMAC pseudonym for people and their devices.
    entity_ref     TEXT        NOT NULL,
    reason_codes   TEXT[]      NOT NULL,
    alert_ids      TEXT[]      NOT NULL,
    -- What regulators see instead of alert_ids: the keyed references of regulator_alert.alert_id.
    alert_refs     TEXT[]      NOT NULL DEFAULT '{}',
    first_seen     TIMESTAMPTZ NOT NULL,
    last_seen      TIMESTAMPTZ NOT NULL,
    review_status  TEXT        NOT NULL DEFAULT 'PENDING'
                   CHECK (review_status IN ('PENDING', 'CONFIRMED', 'DISMISSED')),
    reviewed_by    TEXT,
    reviewed_at    TIMESTAMPTZ,
    review_note    TEXT,
    UNIQUE (list, entity_type, entity_id)
);
CREATE INDEX list_candidate_status_idx ON list_candidate (review_status, list);

-- The regulator feed as stored: every alert with personal identifiers replaced by pseudonyms
-- (the same records as topic regulator-alerts). Its alert_id is the keyed reference of the
-- risk_alert's id (see docs/regulator-feed.md), not the id itself.
CREATE TABLE regulator_alert (
    alert_id              TEXT PRIMARY KEY,
    kind                  TEXT             NOT NULL,
    direction             TEXT             NOT NULL,
    rule_id               TEXT             NOT NULL,
    rule_version          INTEGER          NOT NULL,
    severity              TEXT             NOT NULL,
    entity_type           TEXT             NOT NULL,
    entity_ref            TEXT             NOT NULL,
    entity_pseudonymised  BOOLEAN          NOT NULL,
    window_start          TIMESTAMPTZ      NOT NULL,
    window_end            TIMESTAMPTZ      NOT NULL,
    order_ids             TEXT[]           NOT NULL,
    evidence              JSONB            NOT NULL,
    score                 DOUBLE PRECISION NOT NULL,
    detected_at           TIMESTAMPTZ      NOT NULL,
    pseudonym_key_id      TEXT             NOT NULL
);
CREATE INDEX regulator_alert_window_idx ON regulator_alert (window_end);

-- The credit record of every subject that has one, as of now: score, grade and the reasons.
CREATE VIEW credit_record AS
SELECT e.entity_type,
       e.entity_id,
       credit_score(e.entity_type, e.entity_id, now())                AS score,
       credit_grade(credit_score(e.entity_type, e.entity_id, now()))  AS grade,
       count(*)                                                       AS credit_events,
       count(*) FILTER (WHERE e.severity = 'HIGH')                    AS high_events,
       min(e.occurred_at)                                             AS first_event_at,
       max(e.occurred_at)                                             AS last_event_at,
       array_agg(DISTINCT e.kind || ' ' || e.severity || ' ' || e.rule_id
                 ORDER BY e.kind || ' ' || e.severity || ' ' || e.rule_id)   AS reasons
FROM credit_event e
GROUP BY e.entity_type, e.entity_id;

-- What regulators may read: pseudonymised alerts and candidates, never entity_id.
CREATE VIEW regulator_alerts AS
SELECT alert_id, kind, direction, rule_id, rule_version, severity, entity_type, entity_ref,
       entity_pseudonymised, window_start, window_end, order_ids, evidence, score, detected_at,
       pseudonym_key_id
FROM regulator_alert;

CREATE VIEW regulator_candidates AS
SELECT list, entity_type, entity_ref, reason_codes, alert_refs AS alert_ids, first_seen, last_seen,
       review_status, reviewed_at
FROM list_candidate;
