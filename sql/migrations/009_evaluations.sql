-- 009: 好差评 (API.md section 4, issue 7): one evaluation per application, only after a final
-- status, by its citizen. A score of 1 or 2 opens a follow-up that the department answers
-- within a number of working days (follow_up_due_at, NULL when no follow-up); supervisors see
-- them. The supervision counters gain the evaluation figures, kept in the same transaction.
CREATE TABLE evaluations (
  application_id     BIGINT UNSIGNED  NOT NULL PRIMARY KEY,
  citizen_id         BIGINT UNSIGNED  NOT NULL,
  dept_id            BIGINT UNSIGNED  NOT NULL,
  score              TINYINT UNSIGNED NOT NULL,
  comment            VARCHAR(500)     NOT NULL DEFAULT '',
  created_at         DATETIME(6)      NOT NULL,
  follow_up_due_at   DATETIME(6)      NULL,
  follow_up_reply    VARCHAR(1000)    NULL,
  follow_up_at       DATETIME(6)      NULL,
  follow_up_role     ENUM('clerk','reviewer') NULL,
  follow_up_pending  TINYINT(1) AS (follow_up_due_at IS NOT NULL AND follow_up_at IS NULL) PERSISTENT,
  KEY ix_evaluations_follow_up (dept_id, follow_up_pending, follow_up_due_at),
  KEY ix_evaluations_open (follow_up_pending, follow_up_due_at),
  CONSTRAINT ck_evaluations_score CHECK (score BETWEEN 1 AND 5),
  CONSTRAINT fk_evaluations_application FOREIGN KEY (application_id) REFERENCES applications (id),
  CONSTRAINT fk_evaluations_dept FOREIGN KEY (dept_id) REFERENCES departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE supervision_daily
  ADD COLUMN evaluations INT    NOT NULL DEFAULT 0,
  ADD COLUMN score_sum   BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN bad         INT    NOT NULL DEFAULT 0;
ALTER TABLE supervision_total
  ADD COLUMN evaluations BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN score_sum   BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN bad         BIGINT NOT NULL DEFAULT 0;
