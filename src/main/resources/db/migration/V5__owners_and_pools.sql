-- Many users on one service (issue 15): the principal that submitted each job and the scheduling
-- pool it runs in. Jobs stored before this have no known owner: 'anonymous', the caller of an
-- API without principals; they are in the 'default' pool.
-- V5, not V3: two other branches add V3 (task slots) and V4 (tables).
alter table jobs add column owner varchar(200) default 'anonymous' not null;
alter table jobs add column pool varchar(100) default 'default' not null;
create index jobs_owner_submitted on jobs (owner, submitted_at);
