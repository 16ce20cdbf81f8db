package dev.kindling.engine.shuffle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory an executor lends to shuffle output: map tasks' buffers while they write,
 * and the outputs kept in memory after. A writer that is refused more spills its buffers
 * to local disk.
 */
public interface ShuffleMemory {

	/** Memory without a limit: a writer never spills. */
	ShuffleMemory UNLIMITED = new ShuffleMemory() {

		@Override
		public boolean tryAcquire(long bytes) {
			return true;
		}

		@Override
		public void release(long bytes) {
		}

	};

	/**
	 * Takes {@code bytes} when they fit under the limit; false (nothing taken) when not.
	 */
	boolean tryAcquire(long bytes);

	/** Gives back bytes taken. */
	void release(long bytes);

	/** The most bytes it lends in all. */
	default long limit() {
		return Long.MAX_VALUE;
	}

	/** A pool of {@code limit} bytes. */
	static Pool pool(long limit) {
		return new Pool(limit);
	}

	/** A pool with a fixed limit, counting what is taken. */
	final class Pool implements ShuffleMemory {

		private final long limit;

		private final AtomicLong used = new AtomicLong();

		Pool(long limit) {
			this.limit = limit;
		}

		@Override
		public boolean tryAcquire(long bytes) {
			while (true) {
				long now = this.used.get();
				if (now + bytes > this.limit) {
					return false;
				}
				if (this.used.compareAndSet(now, now + bytes)) {
					return true;
				}
			}
		}

		@Override
		public void release(long bytes) {
			this.used.addAndGet(-bytes);
		}

		@Override
		public long limit() {
			return this.limit;
		}

		/** Bytes taken now. */
		public long used() {
			return this.used.get();
		}

	}

}
