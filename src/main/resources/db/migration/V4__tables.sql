-- The catalog of named tables for SQL jobs (issue 12): each a source, as JSON.
create table catalog_tables (
    name        varchar(128) primary key,
    source      text         not null,
    created_at  timestamp    not null,
    updated_at  timestamp    not null,
    version     bigint       not null default 0
);
