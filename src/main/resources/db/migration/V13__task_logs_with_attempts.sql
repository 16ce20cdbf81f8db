-- An attempt's log and exception (V7) move into its own row, written by the same statement that
-- records its end: a separate row per attempt cost an insert, two index entries and a foreign-key
-- check for every task, the largest part of the driver's database work per task after its end.
alter table task_attempts add column log_lines text;
alter table task_attempts add column log_line_count integer not null default 0;
alter table task_attempts add column log_dropped integer not null default 0;
alter table task_attempts add column error_type varchar(300);
alter table task_attempts add column error_frames text;
update task_attempts set
    log_lines = (select l.lines from task_logs l where l.attempt_id = task_attempts.id),
    log_line_count = (select l.line_count from task_logs l where l.attempt_id = task_attempts.id),
    log_dropped = (select l.dropped from task_logs l where l.attempt_id = task_attempts.id),
    error_type = (select l.error_type from task_logs l where l.attempt_id = task_attempts.id),
    error_frames = (select l.error_frames from task_logs l where l.attempt_id = task_attempts.id)
where exists (select 1 from task_logs l where l.attempt_id = task_attempts.id);
drop table task_logs;
