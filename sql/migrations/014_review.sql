-- 014: from a review of this capability.
-- The public app shows a company applicant's registered name (the form's company_name): a
-- generated column lets it read that and nothing else of the form.
ALTER TABLE applications
  ADD COLUMN company_name VARCHAR(200)
    AS (LEFT(JSON_VALUE(form, '$.company_name'), 200)) PERSISTENT;
