-- 005: a daily limit on real-name verification attempts per account, so that the identity
-- provider cannot be used as an oracle of who holds which ID number.
ALTER TABLE citizens
  ADD COLUMN real_name_tries SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN real_name_day DATE NULL;
