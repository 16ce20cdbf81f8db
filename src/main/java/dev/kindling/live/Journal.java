package dev.kindling.live;

import java.util.ArrayList;
import java.util.List;

/**
 * The feed's recent events, numbered in one increasing sequence, in a ring of fixed
 * capacity: a reader resumes after any number it has seen as long as the events after it
 * are still held. Numbers start at the driver's start time in microseconds, so a number
 * from an earlier run of the driver is never mistaken for one of this run. Not
 * thread-safe: the feed guards it.
 */
final class Journal {

	/** What a reader gets: events after its cursor, or a gap when some are gone. */
	record Read(List<FeedEvent> events, boolean gap) {
	}

	private final FeedEvent[] ring;

	private final long base;

	/** The number the next event gets. */
	private long next;

	Journal(int capacity, long base) {
		this.ring = new FeedEvent[capacity];
		this.base = base;
		this.next = base;
	}

	FeedEvent append(String type, String jobId, Object data) {
		FeedEvent event = new FeedEvent(this.next, type, jobId, data);
		this.ring[(int) (this.next % this.ring.length)] = event;
		this.next++;
		return event;
	}

	/** The number of the newest event, or one less than the first when there is none. */
	long last() {
		return this.next - 1;
	}

	/** The oldest number still held. */
	long oldest() {
		return Math.max(this.base, this.next - this.ring.length);
	}

	/**
	 * Whether a reader that has seen everything up to {@code cursor} can go on from here
	 * without missing an event.
	 */
	boolean canResume(long cursor) {
		return cursor >= oldest() - 1 && cursor <= last();
	}

	/** Up to {@code max} events after {@code cursor}, or a gap. */
	Read after(long cursor, int max) {
		if (!canResume(cursor)) {
			return new Read(List.of(), true);
		}
		long to = Math.min(last(), cursor + max);
		List<FeedEvent> out = new ArrayList<>((int) (to - cursor));
		for (long id = cursor + 1; id <= to; id++) {
			out.add(this.ring[(int) (id % this.ring.length)]);
		}
		return new Read(out, false);
	}

}
