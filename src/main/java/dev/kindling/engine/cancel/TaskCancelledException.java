package dev.kindling.engine.cancel;

/** Thrown inside a task whose job was cancelled, to unwind it between batches. */
public class TaskCancelledException extends RuntimeException {

	public TaskCancelledException() {
		super("task killed: its job was cancelled");
	}

}
