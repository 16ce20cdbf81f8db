-- Adaptive execution (issue 17): what each task of an adapted reduce stage reads (its reduce
-- partitions, or a range of map outputs of a skewed one), so that a restarted driver runs the same
-- tasks and its stored task results keep their meaning; and what was changed, for the plan.
alter table stages add column adaptive_slices text;
alter table stages add column adaptive_changes text;
