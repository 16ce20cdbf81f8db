package dev.kindling.state;

import java.util.List;

/**
 * The seam between the code that stores the driver's state and the live feed: whoever
 * commits a state change hands the commit and a description of the change here. The
 * listener runs the commit and, once it has committed, publishes the changes; no snapshot
 * of the database is read between the two, so a snapshot and the changes published after
 * it meet without a gap or an overlap.
 */
public interface StateListener {

	/** Commits without telling anyone: for code that runs without a feed. */
	StateListener NONE = (changes, commit) -> commit.run();

	/**
	 * Runs {@code commit} (a transaction that stores {@code changes}) and publishes the
	 * changes once it returned. A commit that throws publishes nothing.
	 */
	void commit(List<? extends StateChange> changes, Runnable commit);

}
