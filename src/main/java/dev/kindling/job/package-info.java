/**
 * Jobs as users see them: the persistent job, stage and task attempt state with its state
 * machines, the job views, and the public {@code /api/v1/jobs} endpoints.
 */
package dev.kindling.job;
