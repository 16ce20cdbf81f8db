-- The executor slot (0 to slots - 1) a task attempt ran on, as its report says: the stage
-- page draws a timeline of tasks per executor slot from it. Null for attempts that ended
-- without a report (killed before they started, lost with their executor).
alter table task_attempts add column slot integer;
