/**
 * Jobs as users see them: the public {@code /api/v1/jobs} and {@code /api/v1/events}
 * endpoints, the limits a submission must keep, and the views read from the stored state
 * ({@code dev.kindling.state}). Submitting and cancelling go through the scheduler's
 * facade.
 */
package dev.kindling.job;
