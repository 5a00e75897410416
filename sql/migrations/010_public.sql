-- 010: public services (API.md section 8, issue 7).
--
-- Results publication (结果公示): a decision (completed, denied, rejected) is public from
-- public_at, listed newest first, by item or department, with keyset cursors on
-- (public_at, id).
ALTER TABLE applications
  ADD COLUMN public_at DATETIME(6) NULL,
  ADD KEY ix_applications_public (public_at, id),
  ADD KEY ix_applications_public_item (item_code, public_at, id),
  ADD KEY ix_applications_public_dept (dept_id, public_at, id);

-- Consultations and complaints (咨询投诉), filed by citizens (also through Open311), routed
-- to the item's department or the one chosen; the first staff member who replies owns it
-- (首问负责) and only the owner or their delegate closes it; a deadline in working days with
-- the same lights as applications.
CREATE TABLE consultations (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  citizen_id    BIGINT UNSIGNED NOT NULL,
  kind          ENUM('consult','complaint') NOT NULL,
  item_code     VARCHAR(64)     NULL,
  dept_id       BIGINT UNSIGNED NOT NULL,
  title         VARCHAR(200)    NOT NULL,
  content       TEXT            NOT NULL,
  status        ENUM('open','answered','closed') NOT NULL DEFAULT 'open',
  owner_staff_id BIGINT UNSIGNED NULL,
  due_at        DATETIME(6)     NOT NULL,
  days          INT UNSIGNED    NOT NULL,
  lat           DECIMAL(9,6)    NULL,
  lon           DECIMAL(9,6)    NULL,
  address       VARCHAR(255)    NULL,
  created_at    DATETIME(6)     NOT NULL,
  updated_at    DATETIME(6)     NOT NULL,
  closed_at     DATETIME(6)     NULL,
  KEY ix_consultations_citizen (citizen_id, id),
  KEY ix_consultations_queue (dept_id, status, due_at, id),
  CONSTRAINT fk_consultations_citizen FOREIGN KEY (citizen_id) REFERENCES citizens (id),
  CONSTRAINT fk_consultations_dept FOREIGN KEY (dept_id) REFERENCES departments (id),
  CONSTRAINT fk_consultations_item FOREIGN KEY (item_code) REFERENCES items (code),
  CONSTRAINT fk_consultations_owner FOREIGN KEY (owner_staff_id) REFERENCES staff (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE consultation_replies (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  consultation_id BIGINT UNSIGNED NOT NULL,
  staff_id        BIGINT UNSIGNED NOT NULL,
  dept_id         BIGINT UNSIGNED NOT NULL,
  content         TEXT            NOT NULL,
  at              DATETIME(6)     NOT NULL,
  KEY ix_consultation_replies (consultation_id, id),
  CONSTRAINT fk_replies_consultation FOREIGN KEY (consultation_id) REFERENCES consultations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A citizen's inbox also tells of replies to their consultations.
ALTER TABLE notifications
  MODIFY application_id BIGINT UNSIGNED NULL,
  ADD COLUMN consultation_id BIGINT UNSIGNED NULL AFTER application_id,
  ADD CONSTRAINT fk_notifications_consultation FOREIGN KEY (consultation_id) REFERENCES consultations (id);
