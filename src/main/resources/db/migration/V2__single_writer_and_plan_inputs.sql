-- One write path per table: the driver's StateWriter writes jobs in order from one thread, so the
-- optimistic-lock version JPA kept beside its hand-written SQL has no reader left.
alter table jobs drop column version;

-- The cached datasets a job was planned to read from executor memory (a JSON array), so the plan
-- shown at /jobs/{id}/plan is the plan that ran.
alter table jobs add column cached_keys text;
