-- Spills (issue 17): how many times a task attempt spilled to local disk and the bytes those
-- spills wrote, its operators (sort runs, aggregation and join partitions) and its shuffle
-- writer together, as its report says (Spark's diskBytesSpilled). Zero for attempts that ended
-- without a report and for those stored before this column.
alter table task_attempts add column spills bigint not null default 0;
alter table task_attempts add column spill_bytes bigint not null default 0;
