-- 008: progress push (API.md sections 6 and 11): what pushd needs to deliver the outbox at
-- least once and in order, and what the notify app keeps for the citizen: devices and
-- WeChat one-time subscription grants.
--
-- An outbox row is pending until pushd claims it (FOR UPDATE SKIP LOCKED) for a lease:
-- state 'sending', claimed_by the pushd instance, claimed_until the lease's end. A row whose
-- lease ran out (its pushd died) is pending again. Every attempt is recorded.
ALTER TABLE outbox
  MODIFY state ENUM('pending','sending','sent','dead','skipped') NOT NULL DEFAULT 'pending',
  ADD COLUMN claimed_by    VARCHAR(64) NULL,
  ADD COLUMN claimed_until DATETIME(6) NULL,
  ADD KEY ix_outbox_leases (state, claimed_until),
  ADD KEY ix_outbox_order (application_id, channel, state, id);

CREATE TABLE outbox_attempts (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  outbox_id   BIGINT UNSIGNED NOT NULL,
  at          DATETIME(6)     NOT NULL,
  worker      VARCHAR(64)     NOT NULL,
  outcome     ENUM('sent','retry','dead','skipped') NOT NULL,
  http_status SMALLINT UNSIGNED NULL,
  detail      VARCHAR(500)    NOT NULL DEFAULT '',
  duration_us INT UNSIGNED    NOT NULL DEFAULT 0,
  KEY ix_outbox_attempts_row (outbox_id, id),
  CONSTRAINT fk_outbox_attempts_row FOREIGN KEY (outbox_id) REFERENCES outbox (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Devices for the app push gateway (POST /api/v1/me/devices). A token belongs to one
-- citizen: registering it again moves it (a phone changes hands, or accounts).
CREATE TABLE devices (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  citizen_id BIGINT UNSIGNED NOT NULL,
  platform   ENUM('ios','android','harmony') NOT NULL,
  token      VARCHAR(255)    NOT NULL,
  created_at DATETIME(6)     NOT NULL,
  updated_at DATETIME(6)     NOT NULL,
  UNIQUE KEY uq_devices_token (token),
  KEY ix_devices_citizen (citizen_id),
  CONSTRAINT fk_devices_citizen FOREIGN KEY (citizen_id) REFERENCES citizens (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- WeChat one-time subscription grants (wx.requestSubscribeMessage): each subscribe message
-- of a template uses one; without one the message is not sent (the inbox still has it).
CREATE TABLE wechat_grants (
  citizen_id  BIGINT UNSIGNED NOT NULL,
  template_id VARCHAR(128)    NOT NULL,
  remaining   INT UNSIGNED    NOT NULL,
  updated_at  DATETIME(6)     NOT NULL,
  PRIMARY KEY (citizen_id, template_id),
  CONSTRAINT fk_wechat_grants_citizen FOREIGN KEY (citizen_id) REFERENCES citizens (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
