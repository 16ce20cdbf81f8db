package dev.kindling.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.kindling.engine.shuffle.MapOutput;
import dev.kindling.engine.shuffle.ShuffleMemory;

/**
 * The shuffle blocks one executor holds, by job, stage and map partition, and the shuffle
 * memory its map tasks write into: outputs in memory and writers' buffers together take
 * at most {@code memoryLimit} bytes; a writer refused more spills to {@code spillDir} and
 * leaves its output there as one data file with an index ({@link MapOutput}). Blocks are
 * served as streams. Blocks of a finished job are dropped when the driver says so.
 */
class BlockManager implements ShuffleMemory {

	private record Key(String jobId, int stageId, int mapPartition) {
	}

	private final Map<Key, MapOutput> outputs = new ConcurrentHashMap<>();

	/** Shuffle memory taken: outputs held in memory and writers' buffers. */
	private final AtomicLong memoryBytes = new AtomicLong();

	private final AtomicLong diskBytes = new AtomicLong();

	private final long memoryLimit;

	private final Path spillDir;

	/** Whether it takes outputs handed over by executors that leave. */
	private volatile boolean intake = true;

	/** A map task's output: its job, stage and map partition. */
	record OutputId(String jobId, int stageId, int mapPartition) {
	}

	/** One block as a stream, and its length. */
	record Block(InputStream in, long length) {
	}

	BlockManager() {
		this(Long.MAX_VALUE, null);
	}

	BlockManager(long memoryLimit, Path spillDir) {
		this.memoryLimit = memoryLimit;
		this.spillDir = spillDir;
	}

	@Override
	public boolean tryAcquire(long bytes) {
		while (true) {
			long now = this.memoryBytes.get();
			if (now + bytes > this.memoryLimit) {
				return false;
			}
			if (this.memoryBytes.compareAndSet(now, now + bytes)) {
				return true;
			}
		}
	}

	@Override
	public void release(long bytes) {
		this.memoryBytes.addAndGet(-bytes);
	}

	@Override
	public long limit() {
		return this.memoryLimit;
	}

	/** Where map tasks spill, or null to keep everything in memory. */
	Path spillDir() {
		return this.spillDir;
	}

	/**
	 * Keeps a map task's output; an output in memory brings the shuffle memory it took.
	 */
	void put(String jobId, int stageId, int mapPartition, MapOutput output) {
		if (!output.inMemory()) {
			this.diskBytes.addAndGet(output.totalBytes());
		}
		release(this.outputs.put(new Key(jobId, stageId, mapPartition), output));
	}

	/**
	 * Keeps blocks that arrived whole (handed over by an executor that leaves): in memory
	 * when they fit the shuffle memory, else in a data file.
	 */
	void put(String jobId, int stageId, int mapPartition, byte[][] partitionBlocks) {
		long size = 0;
		for (byte[] b : partitionBlocks) {
			size += b.length;
		}
		MapOutput output;
		if (this.spillDir == null || tryAcquire(size)) {
			output = MapOutput.inMemory(partitionBlocks, this.spillDir == null ? 0 : size);
		}
		else {
			try {
				output = MapOutput.write(partitionBlocks, this.spillDir.resolve(jobId));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot spill shuffle output to local disk", ex);
			}
		}
		put(jobId, stageId, mapPartition, output);
	}

	/** One block as a stream, or null when this executor does not have it. */
	Block open(String jobId, int stageId, int mapPartition, int reducePartition) {
		MapOutput output = this.outputs.get(new Key(jobId, stageId, mapPartition));
		if (output == null || reducePartition < 0 || reducePartition >= output.partitions()) {
			return null;
		}
		try {
			return new Block(output.open(reducePartition), output.length(reducePartition));
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** One block read whole, or null when this executor does not have it. */
	byte[] get(String jobId, int stageId, int mapPartition, int reducePartition) {
		Block block = open(jobId, stageId, mapPartition, reducePartition);
		if (block == null) {
			return null;
		}
		try (InputStream in = block.in()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** The map outputs held now. */
	List<OutputId> outputs() {
		return this.outputs.keySet()
			.stream()
			.map((k) -> new OutputId(k.jobId(), k.stageId(), k.mapPartition()))
			.toList();
	}

	/** Every block of one map output (read back from disk when spilled), or null. */
	byte[][] blocks(OutputId id) {
		MapOutput output = this.outputs.get(new Key(id.jobId(), id.stageId(), id.mapPartition()));
		if (output == null) {
			return null;
		}
		try {
			return output.readAll();
		}
		catch (UncheckedIOException ex) {
			return null;
		}
	}

	/**
	 * Takes a map output an executor that leaves handed over; false when this one is
	 * leaving too.
	 */
	boolean takeOver(String jobId, int stageId, int mapPartition, byte[][] partitionBlocks) {
		if (!this.intake) {
			return false;
		}
		put(jobId, stageId, mapPartition, partitionBlocks);
		return true;
	}

	/** This executor leaves: it takes no more outputs from others. */
	void closeIntake() {
		this.intake = false;
	}

	void dropJob(String jobId) {
		this.outputs.entrySet().removeIf(e -> {
			if (e.getKey().jobId().equals(jobId)) {
				release(e.getValue());
				return true;
			}
			return false;
		});
	}

	private void release(MapOutput output) {
		if (output == null) {
			return;
		}
		if (output.inMemory()) {
			release(output.memoryBytes());
			return;
		}
		this.diskBytes.addAndGet(-output.totalBytes());
		output.delete();
	}

	/** Bytes held, in memory and on disk (memory includes running writers' buffers). */
	long bytes() {
		return this.memoryBytes.get() + this.diskBytes.get();
	}

	long diskBytes() {
		return this.diskBytes.get();
	}

}
