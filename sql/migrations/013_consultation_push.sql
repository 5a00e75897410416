-- 013: replies to consultations and complaints reach the citizen on the push channels too
-- (app push and SMS), in order per consultation, as status changes do per application.
ALTER TABLE outbox
  MODIFY application_id BIGINT UNSIGNED NULL,
  ADD COLUMN consultation_id BIGINT UNSIGNED NULL AFTER application_id,
  ADD KEY ix_outbox_order_consultation (consultation_id, channel, state, id);
