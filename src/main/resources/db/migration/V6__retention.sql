-- Retention (issue 15): finished jobs past kindling.retention.max-age or max-jobs are deleted with
-- their stages, attempts and events; a small tombstone keeps their id, so it answers 410 Gone
-- rather than 404. The owner is kept so a submitter still gets 404 for another principal's id.
create table expired_jobs (
    id              varchar(36)  primary key,
    owner           varchar(200) not null,
    finished_at     timestamp,
    expired_at      timestamp    not null
);
create index expired_jobs_at on expired_jobs (expired_at);
create index jobs_finished on jobs (finished_at);
