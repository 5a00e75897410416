-- 018: failed staff sign-ins per username, known or not (an answer that differed for unknown
-- names would tell which exist). After 5 failures in a row, each less than 15 minutes after
-- the one before, the name is locked: 1 minute, doubling with every further failure up to an
-- hour; a locked name answers 429 with Retry-After, its password not even checked (Argon2id
-- costs the account app ~40 ms a try). A success clears the row. The username compares as
-- staff.username does (utf8mb4_unicode_ci): Admin and admin are one account, one count.
CREATE TABLE staff_login_failures (
  username     VARCHAR(64) NOT NULL PRIMARY KEY,
  failures     INT UNSIGNED NOT NULL,
  last_at      DATETIME(6) NOT NULL,
  locked_until DATETIME(6) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
