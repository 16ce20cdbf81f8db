package dev.kindling.scheduler.core;

import dev.kindling.protocol.TaskReport;
import dev.kindling.state.TaskStatus;

/**
 * A task attempt a previous driver stored, as a resumed job needs it.
 *
 * @param result the stored output of a succeeded attempt, or null
 */
public record StoredAttempt(String id, int stage, int partition, int attempt, TaskStatus status,
		TaskReport.Result result) {
}
