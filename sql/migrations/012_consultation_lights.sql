-- 012: the supervision overview counts open consultations and complaints per department by
-- light; this index makes it one range over the open ones.
ALTER TABLE consultations
  ADD KEY ix_consultations_supervision (status, dept_id, kind, due_at, days);
