-- 004: applications (在线申报), their materials, timeline and idempotency keys, and uploads.
-- (uploads.upload_length and upload_offset: OFFSET is a reserved word.)
-- An application's form is a JSON document validated against its item's definition. The
-- timeline is what the citizen reads (过程查询): status, time, note, acting role and
-- department, never a staff member's personal data.

CREATE TABLE uploads (
  id            CHAR(32)        NOT NULL PRIMARY KEY,
  citizen_id    BIGINT UNSIGNED NOT NULL,
  filename      VARCHAR(255)    NOT NULL,
  filetype      VARCHAR(100)    NULL,
  upload_length BIGINT UNSIGNED NOT NULL,
  upload_offset BIGINT UNSIGNED NOT NULL DEFAULT 0,
  sha256        CHAR(64)        NULL,
  detected_type ENUM('pdf','jpg','png') NULL,
  complete      TINYINT(1)      NOT NULL DEFAULT 0,
  created_at    DATETIME(6)     NOT NULL,
  updated_at    DATETIME(6)     NOT NULL,
  expires_at    DATETIME(6)     NOT NULL,
  KEY ix_uploads_citizen (citizen_id, created_at),
  KEY ix_uploads_expiry (complete, expires_at),
  CONSTRAINT fk_uploads_citizen FOREIGN KEY (citizen_id) REFERENCES citizens (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE applications (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  number        VARCHAR(32)     NULL,
  citizen_id    BIGINT UNSIGNED NOT NULL,
  item_code     VARCHAR(64)     NOT NULL,
  dept_id       BIGINT UNSIGNED NOT NULL,
  status        ENUM('draft','submitted','supplement_required','accepted','suspended',
                     'completed','denied','rejected','withdrawn') NOT NULL,
  version       INT UNSIGNED    NOT NULL DEFAULT 1,
  form          LONGTEXT        NOT NULL CHECK (JSON_VALID(form)),
  supplement    LONGTEXT        NULL CHECK (supplement IS NULL OR JSON_VALID(supplement)),
  result        LONGTEXT        NULL CHECK (result IS NULL OR JSON_VALID(result)),
  submitted_at  DATETIME(6)     NULL,
  accepted_at   DATETIME(6)     NULL,
  due_at        DATETIME(6)     NULL,
  suspended_at  DATETIME(6)     NULL,
  decided_at    DATETIME(6)     NULL,
  created_at    DATETIME(6)     NOT NULL,
  updated_at    DATETIME(6)     NOT NULL,
  UNIQUE KEY uq_applications_number (number),
  KEY ix_applications_citizen (citizen_id, id),
  KEY ix_applications_queue (dept_id, status, due_at, id),
  CONSTRAINT fk_applications_citizen FOREIGN KEY (citizen_id) REFERENCES citizens (id),
  CONSTRAINT fk_applications_item FOREIGN KEY (item_code) REFERENCES items (code),
  CONSTRAINT fk_applications_dept FOREIGN KEY (dept_id) REFERENCES departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE application_materials (
  application_id BIGINT UNSIGNED NOT NULL,
  material_id    VARCHAR(32)     NOT NULL,
  upload_id      CHAR(32)        NOT NULL,
  PRIMARY KEY (application_id, material_id),
  CONSTRAINT fk_am_application FOREIGN KEY (application_id) REFERENCES applications (id),
  CONSTRAINT fk_am_upload FOREIGN KEY (upload_id) REFERENCES uploads (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE application_timeline (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id BIGINT UNSIGNED NOT NULL,
  at             DATETIME(6)     NOT NULL,
  status         VARCHAR(32)     NOT NULL,
  note           VARCHAR(1000)   NOT NULL DEFAULT '',
  actor_role     ENUM('citizen','clerk','reviewer','system') NOT NULL,
  actor_dept_id  BIGINT UNSIGNED NULL,
  KEY ix_timeline_application (application_id, id),
  CONSTRAINT fk_timeline_application FOREIGN KEY (application_id) REFERENCES applications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Idempotency-Key: stored with the effect, in the same transaction, unique per citizen.
-- A second request with the key waits on the first one's row lock, then replays its answer.
CREATE TABLE idempotency_keys (
  citizen_id   BIGINT UNSIGNED NOT NULL,
  idem_key     VARCHAR(64)     NOT NULL,
  request_hash BINARY(32)      NOT NULL,
  status       SMALLINT UNSIGNED NOT NULL,
  response     LONGTEXT        NOT NULL,
  created_at   DATETIME(6)     NOT NULL,
  PRIMARY KEY (citizen_id, idem_key),
  KEY ix_idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
