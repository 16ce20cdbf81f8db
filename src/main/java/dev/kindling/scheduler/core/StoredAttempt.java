package dev.kindling.scheduler.core;

import dev.kindling.protocol.TaskReport;
import dev.kindling.state.TaskStatus;

/**
 * A task attempt a previous driver stored, as a resumed job needs it.
 *
 * @param result the stored output of a succeeded attempt, or null
 * @param resultChars the length of that output as stored (JSON), counted against its
 * job's result budget again
 */
public record StoredAttempt(String id, int stage, int partition, int attempt, TaskStatus status,
		TaskReport.Result result, long resultChars) {
}
