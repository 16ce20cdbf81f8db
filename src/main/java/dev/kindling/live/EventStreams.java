package dev.kindling.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;

/**
 * The open Server-Sent Event streams. Each stream reads the feed's journal from its own
 * cursor on a sender thread of its own while it has something to send, so a slow client
 * holds up nobody else; one that falls so far behind that the journal no longer holds its
 * next event gets a fresh snapshot ({@code reason: behind}). A comment goes out every 15
 * seconds on an idle stream, so proxies keep it open and a vanished client is noticed.
 * Streams are closed before the web server's graceful shutdown, which would otherwise
 * wait for them.
 */
@Component
@DriverRole
class EventStreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

	/** Which events of the feed a stream carries, and how. */
	interface Filter {

		boolean accepts(FeedEvent event);

		/**
		 * Whether the stream ends after this event (a job's end, on the job's stream).
		 */
		boolean ends(FeedEvent event);

		/** The document sent for an accepted event. */
		default Object data(FeedEvent event) {
			return event.data();
		}

	}

	private final class Stream {

		final Filter filter;

		final Supplier<List<FeedEvent>> snapshot;

		final SseEmitter emitter = new SseEmitter(0L);

		final AtomicBoolean scheduled = new AtomicBoolean();

		final AtomicBoolean closed = new AtomicBoolean();

		volatile boolean pingDue;

		/** Touched by one sender at a time (see scheduled). */
		long cursor;

		List<FeedEvent> pending;

		Stream(Filter filter, Supplier<List<FeedEvent>> snapshot) {
			this.filter = filter;
			this.snapshot = snapshot;
		}

	}

	private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

	private final LiveFeed feed;

	private final int maxStreams;

	private final ThreadPoolExecutor senders;

	private volatile boolean running;

	EventStreams(LiveFeed feed, KindlingProperties properties) {
		this.feed = feed;
		this.maxStreams = properties.events().maxStreams();
		AtomicInteger n = new AtomicInteger();
		this.senders = new ThreadPoolExecutor(0, this.maxStreams + 1, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				r -> {
					Thread t = new Thread(r, "kindling-sse-" + n.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
		feed.onAppend(this::wakeAll);
	}

	/**
	 * Opens a stream: after {@code lastEventId} when the feed still holds what followed
	 * it, else from the snapshot. A stream of something {@code finished} resumes only if
	 * the event that ends it is still to come.
	 */
	SseEmitter open(Filter filter, Long lastEventId, boolean finished, Supplier<List<FeedEvent>> snapshot) {
		if (this.streams.size() >= this.maxStreams) {
			throw TooManyStreams.of(this.maxStreams);
		}
		Stream stream = new Stream(filter, snapshot);
		// A finished job's stream resumes only if its end is still to be sent; else its
		// snapshot ends it.
		LiveFeed.Opening opening = this.feed.open(lastEventId, false, finished ? filter::ends : null, snapshot);
		stream.cursor = opening.position();
		stream.pending = opening.snapshot();
		// Woken by appends from here on, with its cursor set.
		this.streams.add(stream);
		stream.emitter.onCompletion(() -> close(stream));
		stream.emitter.onTimeout(() -> close(stream));
		stream.emitter.onError(ex -> close(stream));
		schedule(stream);
		return stream.emitter;
	}

	int openStreams() {
		return this.streams.size();
	}

	private void wakeAll() {
		for (Stream s : this.streams) {
			schedule(s);
		}
	}

	private void schedule(Stream s) {
		if (s.closed.get() || !s.scheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			this.senders.execute(() -> drain(s));
		}
		catch (RejectedExecutionException ex) {
			s.scheduled.set(false);
			close(s);
		}
	}

	private void drain(Stream s) {
		try {
			while (!s.closed.get()) {
				Set<DataWithMediaType> out = new LinkedHashSet<>();
				boolean end = false;
				if (s.pending != null) {
					List<FeedEvent> snapshot = s.pending;
					s.pending = null;
					for (int i = 0; i < snapshot.size() && !end; i++) {
						FeedEvent e = snapshot.get(i);
						boolean last = i == snapshot.size() - 1;
						add(out, s.filter, e, last);
						end = s.filter.ends(e);
					}
				}
				else {
					Journal.Read read = this.feed.read(s.cursor, 256);
					if (read.gap()) {
						LiveFeed.Opening opening = this.feed.open(null, true, s.snapshot);
						s.cursor = opening.position();
						s.pending = opening.snapshot();
						continue;
					}
					if (read.events().isEmpty()) {
						break;
					}
					for (FeedEvent e : read.events()) {
						s.cursor = e.id();
						if (s.filter.accepts(e)) {
							add(out, s.filter, e, true);
							if (s.filter.ends(e)) {
								end = true;
								break;
							}
						}
					}
				}
				if (!out.isEmpty()) {
					s.emitter.send(out);
				}
				if (end) {
					close(s);
					return;
				}
			}
			if (s.pingDue && !s.closed.get()) {
				s.pingDue = false;
				s.emitter.send(SseEmitter.event().comment("ping"));
			}
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Closing an event stream: {}", ex.toString());
			close(s);
		}
		finally {
			s.scheduled.set(false);
		}
		if (!s.closed.get() && (s.pending != null || s.pingDue || this.feed.last() > s.cursor)) {
			schedule(s);
		}
	}

	private static void add(Set<DataWithMediaType> out, Filter filter, FeedEvent e, boolean withId) {
		SseEmitter.SseEventBuilder event = SseEmitter.event().name(e.type());
		if (withId) {
			event.id(Long.toString(e.id()));
		}
		out.addAll(event.data(filter.data(e), MediaType.APPLICATION_JSON).build());
	}

	private void close(Stream s) {
		if (!s.closed.compareAndSet(false, true)) {
			return;
		}
		this.streams.remove(s);
		try {
			s.emitter.complete();
		}
		catch (RuntimeException ex) {
			log.debug("Completing an event stream: {}", ex.toString());
		}
	}

	/** Keeps idle streams open through proxies, and notices clients that are gone. */
	@Scheduled(fixedDelay = 15, initialDelay = 15, timeUnit = TimeUnit.SECONDS)
	void ping() {
		for (Stream s : this.streams) {
			s.pingDue = true;
			schedule(s);
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	/** Ends every stream, so the graceful shutdown does not wait for them. */
	@Override
	public void stop() {
		this.running = false;
		for (Stream s : new ArrayList<>(this.streams)) {
			close(s);
		}
		this.senders.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
