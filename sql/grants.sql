-- grants.sql: the least privileges of each app's database user (DESIGN.md: one user per app).
-- scripts/run creates the users (CREATE USER IF NOT EXISTS ... IDENTIFIED BY a random password
-- kept only in $YIWANG_DATA_DIR/secrets.env) and applies this file after the migrations, at
-- every start: table-level grants need the tables to exist. GRANT is idempotent. No passwords.
-- A migration that adds a table adds its grants here.

-- Start from nothing, so that a privilege dropped from this file is really gone.
REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'yw_catalog'@'localhost', 'yw_admin'@'localhost',
  'yw_account'@'localhost', 'yw_apply'@'localhost', 'yw_staff'@'localhost',
  'yw_supervise'@'localhost', 'yw_notify'@'localhost', 'yw_pushd'@'localhost',
  'yw_public'@'localhost';

-- catalog: the public catalogue; read-only, and only the catalogue's tables.
GRANT SELECT ON yiwang.regions TO 'yw_catalog'@'localhost';
GRANT SELECT ON yiwang.departments TO 'yw_catalog'@'localhost';
GRANT SELECT ON yiwang.items TO 'yw_catalog'@'localhost';
GRANT SELECT ON yiwang.item_parallel_depts TO 'yw_catalog'@'localhost';
GRANT SELECT ON yiwang.catalog_generation TO 'yw_catalog'@'localhost';

-- admin: catalogue and staff administration; reads tokens to authenticate its callers.
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.departments TO 'yw_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.items TO 'yw_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.item_parallel_depts TO 'yw_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.catalog_generation TO 'yw_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.staff TO 'yw_admin'@'localhost';
GRANT SELECT ON yiwang.regions TO 'yw_admin'@'localhost';
GRANT SELECT ON yiwang.auth_tokens TO 'yw_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.calendar_days TO 'yw_admin'@'localhost';
GRANT SELECT, UPDATE ON yiwang.calendar_generation TO 'yw_admin'@'localhost';

-- account: sign-in; issues, rotates and revokes tokens.
GRANT SELECT ON yiwang.staff TO 'yw_account'@'localhost';
GRANT SELECT ON yiwang.departments TO 'yw_account'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.staff_login_failures TO 'yw_account'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.auth_tokens TO 'yw_account'@'localhost';
GRANT SELECT, INSERT, UPDATE ON yiwang.citizens TO 'yw_account'@'localhost';
GRANT SELECT, INSERT, UPDATE ON yiwang.sms_limits TO 'yw_account'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.sms_codes TO 'yw_account'@'localhost';
GRANT SELECT, UPDATE ON yiwang.wechat_access_token TO 'yw_account'@'localhost';
-- a merge of one person's two accounts moves their applications and uploads
GRANT SELECT, UPDATE (citizen_id) ON yiwang.applications TO 'yw_account'@'localhost';
GRANT SELECT, UPDATE (citizen_id) ON yiwang.uploads TO 'yw_account'@'localhost';
GRANT SELECT, UPDATE (citizen_id) ON yiwang.notifications TO 'yw_account'@'localhost';
GRANT SELECT, UPDATE (citizen_id) ON yiwang.outbox TO 'yw_account'@'localhost';
GRANT SELECT, UPDATE (citizen_id) ON yiwang.devices TO 'yw_account'@'localhost';
GRANT SELECT, UPDATE (citizen_id) ON yiwang.consultations TO 'yw_account'@'localhost';
GRANT SELECT, UPDATE (citizen_id) ON yiwang.evaluations TO 'yw_account'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.wechat_grants TO 'yw_account'@'localhost';

-- apply: applications and uploads of citizens; reads the catalogue and the citizen.
GRANT SELECT ON yiwang.items TO 'yw_apply'@'localhost';
GRANT SELECT ON yiwang.departments TO 'yw_apply'@'localhost';
GRANT SELECT ON yiwang.citizens TO 'yw_apply'@'localhost';
GRANT SELECT (id, username, name, dept_id, roles, active, created_at) ON yiwang.staff TO 'yw_apply'@'localhost';
GRANT SELECT ON yiwang.auth_tokens TO 'yw_apply'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.uploads TO 'yw_apply'@'localhost';
GRANT SELECT, INSERT, UPDATE ON yiwang.applications TO 'yw_apply'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.application_materials TO 'yw_apply'@'localhost';
GRANT SELECT, INSERT ON yiwang.application_timeline TO 'yw_apply'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.idempotency_keys TO 'yw_apply'@'localhost';

-- Every status change (lib/workflow.c), whichever app makes it: the application, its
-- timeline, parallel opinions, the inbox entry and outbox rows, the supervision counters and
-- the audit trail, which no app may UPDATE or DELETE (法制监督: append-only).
GRANT SELECT ON yiwang.calendar_days TO 'yw_apply'@'localhost', 'yw_staff'@'localhost',
  'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.calendar_generation TO 'yw_apply'@'localhost', 'yw_staff'@'localhost',
  'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.item_parallel_depts TO 'yw_apply'@'localhost', 'yw_staff'@'localhost';
GRANT SELECT, INSERT, UPDATE ON yiwang.application_opinions TO 'yw_apply'@'localhost',
  'yw_staff'@'localhost';
GRANT INSERT ON yiwang.notifications TO 'yw_apply'@'localhost', 'yw_staff'@'localhost';
GRANT INSERT ON yiwang.outbox TO 'yw_apply'@'localhost', 'yw_staff'@'localhost';
GRANT SELECT, INSERT, UPDATE ON yiwang.supervision_open TO 'yw_apply'@'localhost',
  'yw_staff'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.supervision_clock TO 'yw_apply'@'localhost',
  'yw_staff'@'localhost';
GRANT SELECT, INSERT, UPDATE ON yiwang.supervision_daily TO 'yw_apply'@'localhost',
  'yw_staff'@'localhost';
GRANT SELECT, INSERT, UPDATE ON yiwang.supervision_total TO 'yw_apply'@'localhost',
  'yw_staff'@'localhost';
GRANT SELECT, INSERT ON yiwang.audit_log TO 'yw_apply'@'localhost', 'yw_staff'@'localhost';
GRANT SELECT, UPDATE ON yiwang.audit_head TO 'yw_apply'@'localhost', 'yw_staff'@'localhost';

-- staff: department queues and workflow actions; reads what staff need of the applicant
-- (masked name and ID number, phone), never the encrypted personal data.
GRANT SELECT ON yiwang.items TO 'yw_staff'@'localhost';
GRANT SELECT ON yiwang.departments TO 'yw_staff'@'localhost';
GRANT SELECT (id, username, name, dept_id, roles, active, created_at) ON yiwang.staff TO 'yw_staff'@'localhost';
GRANT SELECT ON yiwang.auth_tokens TO 'yw_staff'@'localhost';
GRANT SELECT (id, phone, wechat_openid, real_name_verified, name_masked, id_number_masked)
  ON yiwang.citizens TO 'yw_staff'@'localhost';
GRANT SELECT, UPDATE ON yiwang.applications TO 'yw_staff'@'localhost';
GRANT SELECT ON yiwang.application_materials TO 'yw_staff'@'localhost';
GRANT SELECT ON yiwang.uploads TO 'yw_staff'@'localhost';
GRANT SELECT, INSERT ON yiwang.application_timeline TO 'yw_staff'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.delegations TO 'yw_staff'@'localhost';

-- supervise: reads only.
GRANT SELECT ON yiwang.departments TO 'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.items TO 'yw_supervise'@'localhost';
GRANT SELECT (id, username, name, dept_id, roles, active, created_at) ON yiwang.staff TO 'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.auth_tokens TO 'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.applications TO 'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.supervision_open TO 'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.supervision_clock TO 'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.supervision_daily TO 'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.supervision_total TO 'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.audit_log TO 'yw_supervise'@'localhost';
GRANT SELECT ON yiwang.audit_head TO 'yw_supervise'@'localhost';

-- notify: the citizen's inbox, devices and WeChat subscription grants.
GRANT SELECT ON yiwang.citizens TO 'yw_notify'@'localhost';
GRANT SELECT (id, username, name, dept_id, roles, active, created_at) ON yiwang.staff TO 'yw_notify'@'localhost';
GRANT SELECT ON yiwang.auth_tokens TO 'yw_notify'@'localhost';
GRANT SELECT, UPDATE (read_at) ON yiwang.notifications TO 'yw_notify'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON yiwang.devices TO 'yw_notify'@'localhost';
GRANT SELECT, INSERT, UPDATE ON yiwang.wechat_grants TO 'yw_notify'@'localhost';

-- pushd: drains the outbox; reads what a message says and where it goes; uses a WeChat
-- grant per subscribe message; removes device tokens the gateway reports gone.
GRANT SELECT, UPDATE ON yiwang.outbox TO 'yw_pushd'@'localhost';
GRANT INSERT ON yiwang.outbox_attempts TO 'yw_pushd'@'localhost';
GRANT SELECT ON yiwang.notifications TO 'yw_pushd'@'localhost';
GRANT SELECT ON yiwang.applications TO 'yw_pushd'@'localhost';
GRANT SELECT ON yiwang.items TO 'yw_pushd'@'localhost';
GRANT SELECT ON yiwang.departments TO 'yw_pushd'@'localhost';
GRANT SELECT (id, phone, wechat_openid) ON yiwang.citizens TO 'yw_pushd'@'localhost';
GRANT SELECT, DELETE ON yiwang.devices TO 'yw_pushd'@'localhost';
GRANT SELECT, UPDATE ON yiwang.wechat_grants TO 'yw_pushd'@'localhost';
GRANT SELECT, UPDATE ON yiwang.wechat_access_token TO 'yw_pushd'@'localhost';

-- admin: the outbox's counts and re-queueing dead letters after an outage.
GRANT SELECT, UPDATE ON yiwang.outbox TO 'yw_admin'@'localhost';
GRANT SELECT ON yiwang.outbox_attempts TO 'yw_admin'@'localhost';

-- 好差评: the citizen evaluates (apply), the department answers a bad score's follow-up
-- (staff), supervisors read them (supervise).
GRANT SELECT, INSERT ON yiwang.evaluations TO 'yw_apply'@'localhost';
GRANT SELECT, UPDATE (follow_up_reply, follow_up_at, follow_up_role) ON yiwang.evaluations
  TO 'yw_staff'@'localhost';
GRANT SELECT ON yiwang.evaluations TO 'yw_supervise'@'localhost';

-- public: results publication (masked applicants only), consultations and complaints with
-- their staff side, and the Open311 facade.
GRANT SELECT (id, number, item_code, dept_id, status, public_at, result, citizen_id, company_name)
  ON yiwang.applications TO 'yw_public'@'localhost';
GRANT SELECT ON yiwang.items TO 'yw_public'@'localhost';
GRANT SELECT ON yiwang.departments TO 'yw_public'@'localhost';
GRANT SELECT ON yiwang.item_parallel_depts TO 'yw_public'@'localhost';
GRANT SELECT (id, name_masked, phone, wechat_openid, real_name_verified) ON yiwang.citizens
  TO 'yw_public'@'localhost';
GRANT SELECT (id, username, name, dept_id, roles, active, created_at) ON yiwang.staff TO 'yw_public'@'localhost';
GRANT SELECT ON yiwang.auth_tokens TO 'yw_public'@'localhost';
GRANT SELECT ON yiwang.delegations TO 'yw_public'@'localhost';
GRANT SELECT ON yiwang.calendar_days TO 'yw_public'@'localhost';
GRANT SELECT ON yiwang.calendar_generation TO 'yw_public'@'localhost';
GRANT SELECT, INSERT, UPDATE ON yiwang.consultations TO 'yw_public'@'localhost';
GRANT SELECT, INSERT ON yiwang.consultation_replies TO 'yw_public'@'localhost';
GRANT INSERT ON yiwang.notifications TO 'yw_public'@'localhost';
GRANT SELECT, INSERT ON yiwang.audit_log TO 'yw_public'@'localhost';
GRANT SELECT, UPDATE ON yiwang.audit_head TO 'yw_public'@'localhost';
GRANT SELECT ON yiwang.consultations TO 'yw_supervise'@'localhost';
GRANT INSERT ON yiwang.outbox TO 'yw_public'@'localhost';
GRANT SELECT ON yiwang.consultations TO 'yw_pushd'@'localhost';
