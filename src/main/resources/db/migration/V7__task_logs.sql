-- Task logs (issue 15): what each reported attempt logged on its executor (its newest lines, as a
-- JSON array, and how many older ones were dropped), and the exception a failed attempt ended
-- with (its class, and its first frame and the frames inside Kindling as a JSON array). Stored
-- with the report, so they are readable after the executor has gone.
create table task_logs (
    attempt_id      varchar(100) primary key,
    job_id          varchar(36)  not null references jobs (id) on delete cascade,
    stage_no        integer      not null,
    lines           text,
    line_count      integer      not null default 0,
    dropped         integer      not null default 0,
    error_type      varchar(300),
    error_frames    text
);
create index task_logs_job on task_logs (job_id, stage_no);
