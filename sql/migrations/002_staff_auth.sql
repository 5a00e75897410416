-- 002: staff accounts and the bearer tokens of every principal (staff now, citizens later).
-- Tokens are 256-bit random values; only their SHA-256 is stored. A refresh token belongs to
-- a family: replaying a used one revokes the family (API.md section 3).

CREATE TABLE staff (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username      VARCHAR(64)  NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  name          VARCHAR(64)  NOT NULL,
  dept_id       BIGINT UNSIGNED NULL,
  roles         SET('clerk','reviewer','supervisor','admin') NOT NULL,
  active        TINYINT(1)   NOT NULL DEFAULT 1,
  created_at    DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_staff_username (username),
  CONSTRAINT fk_staff_dept FOREIGN KEY (dept_id) REFERENCES departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE auth_tokens (
  token_hash   BINARY(32)   NOT NULL PRIMARY KEY,
  kind         ENUM('access','refresh') NOT NULL,
  principal    ENUM('staff','citizen')  NOT NULL,
  principal_id BIGINT UNSIGNED NOT NULL,
  family_id    BINARY(16)   NOT NULL,
  created_at   DATETIME(6)  NOT NULL,
  expires_at   DATETIME(6)  NOT NULL,
  used_at      DATETIME(6)  NULL,
  revoked_at   DATETIME(6)  NULL,
  KEY ix_auth_tokens_principal (principal, principal_id),
  KEY ix_auth_tokens_family (family_id),
  KEY ix_auth_tokens_expires (expires_at)
) ENGINE=InnoDB;
