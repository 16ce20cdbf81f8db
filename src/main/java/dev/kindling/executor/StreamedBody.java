package dev.kindling.executor;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP response body read as a stream with flow control (Spark's
 * {@code maxBytesInFlight}): the next chunk is asked of the connection only while the
 * bytes received and not yet read, across every body that shares the {@link Budget}, are
 * under the budget, or when the reader has read everything this body received. So a
 * reduce task reads ahead across several map outputs, but never more than the budget
 * (plus one chunk per open body), and a body nobody reads waits in the network instead of
 * in memory.
 */
final class StreamedBody implements HttpResponse.BodySubscriber<InputStream> {

	/** Bytes received and not yet read, shared by the bodies of one reduce task. */
	static final class Budget {

		private final long max;

		private final AtomicLong buffered = new AtomicLong();

		private final AtomicLong peak = new AtomicLong();

		private final List<StreamedBody> bodies = new CopyOnWriteArrayList<>();

		Budget(long max) {
			this.max = Math.max(1, max);
		}

		boolean hasRoom() {
			return this.buffered.get() < this.max;
		}

		long buffered() {
			return this.buffered.get();
		}

		/** The most bytes ever held at once. */
		long peak() {
			return this.peak.get();
		}

		private void received(long n) {
			this.peak.accumulateAndGet(this.buffered.addAndGet(n), Math::max);
		}

		/** Bytes read out of a body: the bodies waiting for room may ask for more. */
		private void read(long n) {
			this.buffered.addAndGet(-n);
			for (StreamedBody body : this.bodies) {
				body.pump();
			}
		}

	}

	private final Budget budget;

	private final long stallNanos;

	private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();

	private Flow.Subscription subscription;

	private boolean requested;

	private boolean complete;

	private Throwable error;

	private boolean closed;

	/** Whether its reader has started: it may then always ask for what it reads. */
	private boolean reading;

	/**
	 * @param stallMillis how long a read waits for the next chunk before it fails
	 */
	StreamedBody(Budget budget, long stallMillis) {
		this.budget = budget;
		this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
	}

	@Override
	public CompletionStage<InputStream> getBody() {
		return CompletableFuture.completedFuture(new Reader());
	}

	@Override
	public void onSubscribe(Flow.Subscription s) {
		synchronized (this) {
			if (this.closed) {
				s.cancel();
				return;
			}
			this.subscription = s;
		}
		this.budget.bodies.add(this);
		pump();
	}

	@Override
	public void onNext(List<ByteBuffer> items) {
		long n = 0;
		synchronized (this) {
			this.requested = false;
			if (this.closed) {
				return;
			}
			for (ByteBuffer b : items) {
				if (b.hasRemaining()) {
					n += b.remaining();
					this.queue.add(b);
				}
			}
			this.budget.received(n);
			notifyAll();
		}
		pump();
	}

	@Override
	public synchronized void onError(Throwable t) {
		this.error = t;
		this.budget.bodies.remove(this);
		notifyAll();
	}

	@Override
	public synchronized void onComplete() {
		this.complete = true;
		this.budget.bodies.remove(this);
		notifyAll();
	}

	/** Asks for the next chunk when the budget or its reader allows. */
	void pump() {
		Flow.Subscription s;
		synchronized (this) {
			s = this.subscription;
			if (s == null || this.requested || this.complete || this.error != null || this.closed) {
				return;
			}
			if (!(this.reading && this.queue.isEmpty()) && !this.budget.hasRoom()) {
				return;
			}
			this.requested = true;
		}
		s.request(1);
	}

	/**
	 * Stops the body: what it holds goes back to the budget, the connection is dropped.
	 */
	void close() {
		Flow.Subscription s;
		long held = 0;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			for (ByteBuffer b : this.queue) {
				held += b.remaining();
			}
			this.queue.clear();
			s = (this.complete || this.error != null) ? null : this.subscription;
			notifyAll();
		}
		this.budget.bodies.remove(this);
		if (s != null) {
			s.cancel();
		}
		if (held > 0) {
			this.budget.read(held);
		}
	}

	private final class Reader extends InputStream {

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (len == 0) {
				return 0;
			}
			StreamedBody body = StreamedBody.this;
			int n;
			synchronized (body) {
				body.reading = true;
				long deadline = System.nanoTime() + body.stallNanos;
				while (body.queue.isEmpty() && !body.complete && body.error == null && !body.closed) {
					if (!body.requested) {
						body.pump();
					}
					if (!body.queue.isEmpty() || body.complete || body.error != null) {
						break;
					}
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw new IOException(
								"no shuffle data for " + TimeUnit.NANOSECONDS.toSeconds(body.stallNanos) + " s");
					}
					try {
						TimeUnit.NANOSECONDS.timedWait(body, left);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new java.io.InterruptedIOException("interrupted while reading shuffle data");
					}
				}
				if (body.queue.isEmpty()) {
					if (body.closed) {
						throw new IOException("shuffle stream closed");
					}
					if (body.error != null) {
						throw body.error instanceof IOException io ? io : new IOException(body.error);
					}
					return -1;
				}
				ByteBuffer head = body.queue.peek();
				n = Math.min(len, head.remaining());
				head.get(b, off, n);
				if (!head.hasRemaining()) {
					body.queue.poll();
				}
			}
			body.budget.read(n);
			return n;
		}

		@Override
		public void close() {
			StreamedBody.this.close();
		}

	}

}
