-- 011: a WeChat message takes its one-time grant once, whatever happens to its delivery
-- afterwards (retries, a dead letter requeued by an operator): the outbox row remembers it.
ALTER TABLE outbox ADD COLUMN grant_taken TINYINT(1) NOT NULL DEFAULT 0;
