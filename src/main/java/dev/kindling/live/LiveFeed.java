package dev.kindling.live;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.kindling.cluster.ExecutorEvents;
import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.cluster.ExecutorView;
import dev.kindling.job.JobNotFound;
import dev.kindling.job.JobQueries;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.state.StateListener;
import dev.kindling.state.StateChange;

/**
 * The driver's live feed. Every commit of state goes through {@link #commit}: it runs the
 * commit, turns the committed changes into events ({@link Tracker}) and appends them to
 * the {@link Journal} under the next sequence numbers.
 *
 * <p>
 * Commits hold the read side of a lock, a snapshot its write side: while a snapshot is
 * read from the database nothing commits, so the snapshot is exactly the state as of the
 * journal's last number, and a reader that goes on from that number misses nothing and
 * sees nothing twice.
 */
@Component
@DriverRole
public class LiveFeed implements StateListener {

	private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

	/** How a stream starts: from a snapshot, or by resuming after an event it had. */
	record Opening(long position, List<FeedEvent> snapshot) {
	}

	private final ReadWriteLock commits = new ReentrantReadWriteLock();

	private final Journal journal;

	private final Tracker tracker;

	private final JobQueries queries;

	private final ExecutorRegistry registry;

	private final Clock clock;

	private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();

	LiveFeed(JobQueries queries, ExecutorRegistry registry, KindlingProperties properties, Clock clock) {
		this.queries = queries;
		this.tracker = new Tracker(queries::message);
		this.registry = registry;
		this.clock = clock;
		this.journal = new Journal(properties.events().buffer(), System.currentTimeMillis() * 1000);
	}

	@Override
	public void commit(List<? extends StateChange> changes, Runnable commit) {
		boolean appended;
		this.commits.readLock().lock();
		try {
			Map<String, Tracker.Seed> seeds = seeds(changes);
			commit.run();
			appended = publish(changes, seeds);
		}
		finally {
			this.commits.readLock().unlock();
		}
		if (appended) {
			this.appendListeners.forEach(Runnable::run);
		}
	}

	/**
	 * The database's state, before this commit, of the jobs the changes touch that are
	 * not tracked: jobs a previous run of the driver accepted.
	 */
	private Map<String, Tracker.Seed> seeds(List<? extends StateChange> changes) {
		java.util.Set<String> accepted = new java.util.HashSet<>();
		for (StateChange change : changes) {
			if (change instanceof StateChange.JobAccepted a) {
				accepted.add(a.jobId());
			}
		}
		java.util.Set<String> needed = new java.util.LinkedHashSet<>();
		synchronized (this.journal) {
			for (StateChange change : changes) {
				if (!accepted.contains(change.jobId()) && this.tracker.needsSeed(change)) {
					needed.add(change.jobId());
				}
			}
		}
		if (needed.isEmpty()) {
			return Map.of();
		}
		Map<String, Tracker.Seed> seeds = new LinkedHashMap<>();
		for (String jobId : needed) {
			try {
				seeds.put(jobId, new Tracker.Seed(this.queries.job(jobId), this.queries.attempts(jobId, null)));
			}
			catch (JobNotFound ex) {
				log.debug("A change to job {} that is not stored", jobId);
			}
		}
		return seeds;
	}

	private boolean publish(List<? extends StateChange> changes, Map<String, Tracker.Seed> seeds) {
		if (changes.isEmpty()) {
			return false;
		}
		List<FeedEvent> executors = new ArrayList<>();
		for (StateChange change : changes) {
			if (change instanceof StateChange.ExecutorChanged e) {
				this.registry.find(e.executorId())
					.ifPresent(info -> executors
						.add(new FeedEvent(0, FeedEvent.EXECUTOR, null, ExecutorView.of(info, this.clock.instant()))));
			}
		}
		synchronized (this.journal) {
			seeds.forEach(this.tracker::seed);
			List<Tracker.Out> out = this.tracker.apply(changes);
			for (Tracker.Out o : out) {
				this.journal.append(o.type(), o.jobId(), o.data());
			}
			for (FeedEvent e : executors) {
				this.journal.append(e.type(), null, e.data());
			}
			return !out.isEmpty() || !executors.isEmpty();
		}
	}

	@EventListener
	void onExecutorRegistered(ExecutorEvents.Registered registered) {
		commit(List.of(new StateChange.ExecutorChanged(registered.executorId(), "ALIVE", "registered")), () -> {
		});
	}

	@EventListener
	void onExecutorRemoved(ExecutorEvents.Removed removed) {
		commit(List.of(new StateChange.ExecutorChanged(removed.executorId(), removed.state().name(), removed.reason())),
				() -> {
				});
	}

	/** Runs after every append (on the committing thread): wakes the streams. */
	void onAppend(Runnable listener) {
		this.appendListeners.add(listener);
	}

	/** Events after {@code cursor}, or a gap when they are no longer held. */
	Journal.Read read(long cursor, int max) {
		synchronized (this.journal) {
			return this.journal.after(cursor, max);
		}
	}

	long last() {
		synchronized (this.journal) {
			return this.journal.last();
		}
	}

	/**
	 * Starts a reader: after {@code lastEventId} when the journal still holds what
	 * followed it, otherwise from a snapshot read while nothing commits. A snapshot
	 * starts with a {@code snapshot} event; all its events carry its position as id.
	 * @param lastEventId the last event the reader had, or null
	 * @param behind whether the reader fell behind the journal (the snapshot's reason)
	 * @param snapshot reads the state the reader follows from the database
	 */
	Opening open(Long lastEventId, boolean behind, Supplier<List<FeedEvent>> snapshot) {
		return open(lastEventId, behind, null, snapshot);
	}

	/**
	 * The same, resuming only when an event after {@code lastEventId} matches
	 * {@code needed} (a finished job's stream resumes only if its end is still to come).
	 */
	Opening open(Long lastEventId, boolean behind, Predicate<FeedEvent> needed, Supplier<List<FeedEvent>> snapshot) {
		if (lastEventId != null && !behind) {
			synchronized (this.journal) {
				if (this.journal.canResume(lastEventId) && (needed == null || holdsAfter(lastEventId, needed))) {
					return new Opening(lastEventId, null);
				}
			}
		}
		String reason = behind ? "behind" : lastEventId == null ? "connect" : "resume-unavailable";
		this.commits.writeLock().lock();
		try {
			long position = last();
			List<FeedEvent> events = new ArrayList<>();
			events.add(new FeedEvent(position, FeedEvent.SNAPSHOT, null, new LiveViews.Snapshot(position, reason)));
			for (FeedEvent e : snapshot.get()) {
				events.add(new FeedEvent(position, e.type(), e.jobId(), e.data()));
			}
			return new Opening(position, events);
		}
		finally {
			this.commits.writeLock().unlock();
		}
	}

	private boolean holdsAfter(long cursor, Predicate<FeedEvent> needed) {
		long at = cursor;
		while (true) {
			Journal.Read read = this.journal.after(at, 4096);
			if (read.gap() || read.events().isEmpty()) {
				return false;
			}
			for (FeedEvent e : read.events()) {
				if (needed.test(e)) {
					return true;
				}
				at = e.id();
			}
		}
	}

	/** Jobs followed now (their counts are kept for the events). */
	int trackedJobs() {
		synchronized (this.journal) {
			return this.tracker.size();
		}
	}

}
