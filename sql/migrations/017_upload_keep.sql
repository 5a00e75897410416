-- 017: a complete upload that no application uses is kept 30 days after its completion, then
-- removed with its file (apply/uploads.c, the sweep of expired uploads; an attached upload is
-- never removed). Until now expires_at only mattered before completion (a day after the
-- creation): the complete uploads already there get their 30 days from their last change.
UPDATE uploads SET expires_at = GREATEST(expires_at, updated_at + INTERVAL 30 DAY)
WHERE complete = 1;
