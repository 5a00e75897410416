-- 006: the staff workflow (API.md sections 4, 5, 7 and 9): the working-day calendar, the
-- statutory clock of each application, parallel opinions (并联审批), delegations (AB岗),
-- the hash-chained audit trail, the inbox and the notification outbox, and the counters
-- the supervision overview reads.

-- Days that differ from the rule "Monday-Friday work, Saturday-Sunday rest": public
-- holidays on weekdays (workday = 0) and the weekend days made working days (调休,
-- workday = 1). The generation is bumped by every change; apps cache the calendar while it
-- is unchanged.
CREATE TABLE calendar_days (
  day        DATE        NOT NULL PRIMARY KEY,
  workday    TINYINT(1)  NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE calendar_generation (
  id         TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  generation BIGINT UNSIGNED  NOT NULL,
  CONSTRAINT ck_calendar_generation_one CHECK (id = 1)
) ENGINE=InnoDB;
INSERT INTO calendar_generation (id, generation) VALUES (1, 1);

-- The clock of an application:
--   accept_by      deemed acceptance (行政许可法 §32): end of the 5th working day after the
--                  submission date, while submitted
--   promised_days  the item's promised working days, fixed at acceptance
--   due_at         end of the promised_days-th working day after acceptance (moved by
--                  suspension and extension)
--   yellow_at      from when the light is yellow (start of the day from which at most
--                  max(1, ceil(promised_days / 5)) working days are left)
--   queue, queue_at  what the application waits for and the queue's sort key (accept_by
--                  for pre_review, due_at for review); NULL when it waits on no clerk or
--                  reviewer of its department
--   first_supplement  the materials named by the first supplement request (一次性告知)
ALTER TABLE applications
  ADD COLUMN promised_days    INT UNSIGNED NULL AFTER dept_id,
  ADD COLUMN accept_by        DATETIME(6)  NULL AFTER accepted_at,
  ADD COLUMN yellow_at        DATETIME(6)  NULL AFTER due_at,
  ADD COLUMN extended_days    TINYINT UNSIGNED NULL AFTER yellow_at,
  ADD COLUMN first_supplement LONGTEXT     NULL CHECK (first_supplement IS NULL OR JSON_VALID(first_supplement)),
  ADD COLUMN queue            ENUM('pre_review','review') NULL,
  ADD COLUMN queue_at         DATETIME(6)  NULL,
  ADD COLUMN working_days_used INT NULL,
  DROP INDEX ix_applications_queue,
  ADD KEY ix_applications_queue (dept_id, queue, queue_at, id),
  ADD KEY ix_applications_due (queue, queue_at),
  ADD KEY ix_applications_alerts (status, due_at, id),
  ADD KEY ix_applications_decided (dept_id, status, decided_at);

-- 并联审批: one row per parallel department of an accepted application. queue_at is the
-- application's due_at while the department's opinion is pending and the clock runs.
CREATE TABLE application_opinions (
  application_id BIGINT UNSIGNED NOT NULL,
  dept_id        BIGINT UNSIGNED NOT NULL,
  decision       ENUM('approve','deny') NULL,
  note           VARCHAR(1000)   NOT NULL DEFAULT '',
  decided_at     DATETIME(6)     NULL,
  queue_at       DATETIME(6)     NULL,
  PRIMARY KEY (application_id, dept_id),
  KEY ix_opinions_queue (dept_id, queue_at, application_id),
  CONSTRAINT fk_opinions_application FOREIGN KEY (application_id) REFERENCES applications (id),
  CONSTRAINT fk_opinions_dept FOREIGN KEY (dept_id) REFERENCES departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- AB岗: within [starts_at, ends_at) the delegate acts for the delegator's queue.
CREATE TABLE delegations (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  from_staff_id BIGINT UNSIGNED NOT NULL,
  to_staff_id   BIGINT UNSIGNED NOT NULL,
  starts_at     DATETIME(6)     NOT NULL,
  ends_at       DATETIME(6)     NOT NULL,
  created_at    DATETIME(6)     NOT NULL,
  KEY ix_delegations_to (to_staff_id, ends_at),
  KEY ix_delegations_from (from_staff_id, ends_at),
  CONSTRAINT fk_delegations_from FOREIGN KEY (from_staff_id) REFERENCES staff (id),
  CONSTRAINT fk_delegations_to FOREIGN KEY (to_staff_id) REFERENCES staff (id),
  CONSTRAINT ck_delegations_window CHECK (ends_at > starts_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 法制监督: the audit trail. Append-only (the apps' database users may only INSERT and
-- SELECT), each entry chained to the previous by SHA-256 (see lib/audit.h for the exact
-- serialisation). audit_head is the lock that orders appends and the last hash.
CREATE TABLE audit_log (
  seq            BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  at             DATETIME(6)     NOT NULL,
  actor          VARCHAR(500)    NOT NULL CHECK (JSON_VALID(actor)),
  action         VARCHAR(32)     NOT NULL,
  application_id BIGINT UNSIGNED NULL,
  detail         LONGTEXT        NOT NULL CHECK (JSON_VALID(detail)),
  prev_hash      CHAR(64)        NOT NULL,
  hash           CHAR(64)        NOT NULL,
  KEY ix_audit_application (application_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_head (
  id   TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  seq  BIGINT UNSIGNED  NOT NULL,
  hash CHAR(64)         NOT NULL,
  CONSTRAINT ck_audit_head_one CHECK (id = 1)
) ENGINE=InnoDB;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, REPEAT('0', 64));

-- The in-app inbox: one entry per status change of an application, for its citizen.
CREATE TABLE notifications (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  citizen_id     BIGINT UNSIGNED NOT NULL,
  application_id BIGINT UNSIGNED NOT NULL,
  at             DATETIME(6)     NOT NULL,
  kind           VARCHAR(32)     NOT NULL,
  status         VARCHAR(32)     NOT NULL,
  title          VARCHAR(200)    NOT NULL,
  body           VARCHAR(1000)   NOT NULL,
  read_at        DATETIME(6)     NULL,
  KEY ix_notifications_citizen (citizen_id, id),
  CONSTRAINT fk_notifications_citizen FOREIGN KEY (citizen_id) REFERENCES citizens (id),
  CONSTRAINT fk_notifications_application FOREIGN KEY (application_id) REFERENCES applications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The outbox: one row per delivery channel of each status change, written in the same
-- transaction as the change; pushd delivers them (claimed with FOR UPDATE SKIP LOCKED).
CREATE TABLE outbox (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id BIGINT UNSIGNED NOT NULL,
  citizen_id     BIGINT UNSIGNED NOT NULL,
  notification_id BIGINT UNSIGNED NOT NULL,
  channel        ENUM('wechat','app','sms','upstream') NOT NULL,
  status         VARCHAR(32)     NOT NULL,
  state          ENUM('pending','sent','dead','skipped') NOT NULL DEFAULT 'pending',
  attempts       INT UNSIGNED    NOT NULL DEFAULT 0,
  next_at        DATETIME(6)     NOT NULL,
  last_error     VARCHAR(500)    NULL,
  created_at     DATETIME(6)     NOT NULL,
  done_at        DATETIME(6)     NULL,
  KEY ix_outbox_due (state, next_at, id),
  KEY ix_outbox_application (application_id, channel, id),
  CONSTRAINT fk_outbox_notification FOREIGN KEY (notification_id) REFERENCES notifications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Supervision counters, kept in the transaction of every change so that the overview reads
-- a few rows per department whatever the number of applications:
--   supervision_open    applications in progress (submitted to a final status)
--   supervision_clock   running clocks (accepted) by due date and yellow date
--   supervision_daily   decisions by department and Asia/Shanghai day
--   supervision_total   the same decisions over all time: the overview without a period
--                       reads one row per department however long the history
-- supervision_open is spread over 16 rows per department (shard = application id mod 16):
-- every submission updates it, and one hot row would serialise a department's submissions.
-- Read it as SUM(in_progress) GROUP BY dept_id.
CREATE TABLE supervision_open (
  dept_id     BIGINT UNSIGNED  NOT NULL,
  shard       TINYINT UNSIGNED NOT NULL DEFAULT 0,
  in_progress INT              NOT NULL,
  PRIMARY KEY (dept_id, shard)
) ENGINE=InnoDB;

CREATE TABLE supervision_clock (
  dept_id     BIGINT UNSIGNED NOT NULL,
  due_date    DATE            NOT NULL,
  yellow_date DATE            NOT NULL,
  n           INT             NOT NULL,
  PRIMARY KEY (dept_id, due_date, yellow_date)
) ENGINE=InnoDB;

CREATE TABLE supervision_daily (
  dept_id      BIGINT UNSIGNED NOT NULL,
  day          DATE            NOT NULL,
  completed    INT             NOT NULL DEFAULT 0,
  decided      INT             NOT NULL DEFAULT 0,
  on_time      INT             NOT NULL DEFAULT 0,
  working_days BIGINT          NOT NULL DEFAULT 0,
  PRIMARY KEY (dept_id, day),
  KEY ix_supervision_daily_day (day)
) ENGINE=InnoDB;

CREATE TABLE supervision_total (
  dept_id      BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  completed    BIGINT          NOT NULL DEFAULT 0,
  decided      BIGINT          NOT NULL DEFAULT 0,
  on_time      BIGINT          NOT NULL DEFAULT 0,
  working_days BIGINT          NOT NULL DEFAULT 0
) ENGINE=InnoDB;
