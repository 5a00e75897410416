-- 003: citizens (one account across WeChat, SMS and real-name verification), SMS codes and
-- their per-phone limits, and the shared WeChat access token.
--
-- Personal data at rest: the name and the ID number are stored encrypted (AES-256-GCM,
-- key from configuration, never in the database), with masked copies for display and an
-- HMAC of the ID number for uniqueness. A database dump alone reveals neither.

CREATE TABLE citizens (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  phone              CHAR(11)       NULL,
  wechat_openid      VARCHAR(128)   NULL,
  wechat_unionid     VARCHAR(128)   NULL,
  real_name_verified TINYINT(1)     NOT NULL DEFAULT 0,
  name_masked        VARCHAR(64)    NULL,
  name_enc           VARBINARY(512) NULL,
  id_number_masked   CHAR(18)       NULL,
  id_number_enc      VARBINARY(128) NULL,
  id_number_hmac     BINARY(32)     NULL,
  verified_at        DATETIME(6)    NULL,
  merged_into        BIGINT UNSIGNED NULL,
  created_at         DATETIME(6)    NOT NULL,
  updated_at         DATETIME(6)    NOT NULL,
  UNIQUE KEY uq_citizens_phone (phone),
  UNIQUE KEY uq_citizens_openid (wechat_openid),
  UNIQUE KEY uq_citizens_id_number (id_number_hmac),
  CONSTRAINT fk_citizens_merged FOREIGN KEY (merged_into) REFERENCES citizens (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per phone that ever asked for a code: the lock that serialises its requests and
-- the counters of its limits (1 per 60 s, 10 per day), shared by every worker and host.
CREATE TABLE sms_limits (
  phone        CHAR(11)    NOT NULL PRIMARY KEY,
  last_sent_at DATETIME(6) NULL,
  day          DATE        NULL,
  day_count    INT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB;

-- Codes are stored as an HMAC (key from configuration), single-use, for 5 minutes, and
-- dead after 5 wrong tries.
CREATE TABLE sms_codes (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  phone       CHAR(11)    NOT NULL,
  code_hmac   BINARY(32)  NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  expires_at  DATETIME(6) NOT NULL,
  attempts    TINYINT UNSIGNED NOT NULL DEFAULT 0,
  consumed_at DATETIME(6) NULL,
  KEY ix_sms_codes_phone (phone, created_at)
) ENGINE=InnoDB;

-- The WeChat access token (cgi-bin/stable_token), fetched by one owner at a time under this
-- row's lock and shared by every worker and host until it nears its expiry.
CREATE TABLE wechat_access_token (
  id           TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  access_token VARCHAR(1024) NULL,
  expires_at   DATETIME(6)   NULL,
  fetched_at   DATETIME(6)   NULL,
  CONSTRAINT ck_wechat_access_token_one CHECK (id = 1)
) ENGINE=InnoDB;
INSERT INTO wechat_access_token (id) VALUES (1);
