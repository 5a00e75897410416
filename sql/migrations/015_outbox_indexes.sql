-- 015: fewer indexes that hold an outbox row's state. pushd changes `state` twice per
-- delivery (the lease, then the outcome), and every index holding it is rewritten each time:
-- on this 2-core VM a batched state change of 100,000 rows costs mariadbd about 35 us a row
-- with four such indexes and 17 us with one (tests/bench/README.md). Only the claim's
-- ix_outbox_due (state, next_at, id) keeps it:
--   * the order check (no earlier undelivered row of the same application or consultation on
--     the same channel) reads the earlier rows through (application_id, channel, id) and
--     (consultation_id, channel, id), which a state change leaves alone, and looks at their
--     state in the row itself: a handful of rows per application;
--   * an expired lease is found through ix_outbox_due (state 'sending', at most a few
--     batches of rows), claimed_until then read from the row.
ALTER TABLE outbox
  DROP KEY ix_outbox_leases,
  DROP KEY ix_outbox_order,
  DROP KEY ix_outbox_order_consultation,
  ADD KEY ix_outbox_consultation (consultation_id, channel, id);
