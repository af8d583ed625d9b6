-- Every risk alert, as in spec/events.md. alert_id is deterministic, so a replayed alert
-- lands on its own row instead of a new one.
CREATE TABLE risk_alert (
    alert_id      TEXT PRIMARY KEY,
    kind          TEXT             NOT NULL,
    direction     TEXT             NOT NULL CHECK (direction IN ('INFLATE', 'DEFLATE')),
    rule_id       TEXT             NOT NULL,
    rule_version  INTEGER          NOT NULL,
    severity      TEXT             NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),
    entity_type   TEXT             NOT NULL,
    entity_id     TEXT             NOT NULL,
    window_start  TIMESTAMPTZ      NOT NULL,
    window_end    TIMESTAMPTZ      NOT NULL,
    order_ids     TEXT[]           NOT NULL,
    evidence      JSONB            NOT NULL,
    score         DOUBLE PRECISION NOT NULL CHECK (score >= 0 AND score <= 1),
    detected_at   TIMESTAMPTZ      NOT NULL
);

CREATE INDEX risk_alert_entity_idx ON risk_alert (entity_type, entity_id);
CREATE INDEX risk_alert_window_idx ON risk_alert (window_end);
