-- A job's result, in chunks of at most 500,000 characters, so no row and no statement holds
-- a whole result (a 64 MB text value is what took H2 down): the driver writes them with the
-- job's end, in one transaction, and they go with the job.
create table job_results (
    job_id  varchar(36)      not null references jobs (id) on delete cascade,
    chunk   integer          not null,
    data    varchar(500000)  not null,
    primary key (job_id, chunk)
);
