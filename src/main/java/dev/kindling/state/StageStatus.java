package dev.kindling.state;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a stage.
 *
 * <pre>
 * WAITING ──► RUNNING ──► SUCCEEDED ──► WAITING (its shuffle output was lost: runs again, attempt + 1)
 *    │           └──────► FAILED | CANCELLED
 *    └──────────────────► FAILED | CANCELLED (its job ended before it ran)
 * </pre>
 *
 * A stage waits until every stage it reads a shuffle from has succeeded.
 */
public enum StageStatus {

	WAITING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	public boolean canMoveTo(StageStatus next) {
		return allowed().contains(next);
	}

	private Set<StageStatus> allowed() {
		return switch (this) {
			case WAITING -> EnumSet.of(RUNNING, FAILED, CANCELLED);
			case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
			case SUCCEEDED -> EnumSet.of(WAITING);
			case FAILED, CANCELLED -> EnumSet.noneOf(StageStatus.class);
		};
	}

}
