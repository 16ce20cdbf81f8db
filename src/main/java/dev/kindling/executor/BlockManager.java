package dev.kindling.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shuffle blocks one executor holds, by job, stage and map partition: in memory up to
 * {@code
 * memoryLimit} bytes, spilled to files under {@code spillDir} past it. Blocks of a
 * finished job are dropped when the driver says so.
 */
class BlockManager {

	private record Key(String jobId, int stageId, int mapPartition) {
	}

	/** One map output: its blocks in memory, or the file each one was spilled to. */
	private record Output(byte[][] blocks, Path[] files, long bytes) {
	}

	private final Map<Key, Output> outputs = new ConcurrentHashMap<>();

	private final AtomicLong memoryBytes = new AtomicLong();

	private final AtomicLong diskBytes = new AtomicLong();

	private final long memoryLimit;

	private final Path spillDir;

	/** Whether it takes outputs handed over by executors that leave. */
	private volatile boolean intake = true;

	/** A map task's output: its job, stage and map partition. */
	record OutputId(String jobId, int stageId, int mapPartition) {
	}

	BlockManager() {
		this(Long.MAX_VALUE, null);
	}

	BlockManager(long memoryLimit, Path spillDir) {
		this.memoryLimit = memoryLimit;
		this.spillDir = spillDir;
	}

	void put(String jobId, int stageId, int mapPartition, byte[][] partitionBlocks) {
		long size = 0;
		for (byte[] b : partitionBlocks) {
			size += b.length;
		}
		Output output;
		if (this.spillDir != null && this.memoryBytes.get() + size > this.memoryLimit) {
			output = spill(jobId, stageId, mapPartition, partitionBlocks, size);
			this.diskBytes.addAndGet(size);
		}
		else {
			output = new Output(partitionBlocks, null, size);
			this.memoryBytes.addAndGet(size);
		}
		release(this.outputs.put(new Key(jobId, stageId, mapPartition), output));
	}

	private Output spill(String jobId, int stageId, int mapPartition, byte[][] blocks, long size) {
		try {
			Path dir = Files.createDirectories(this.spillDir.resolve(jobId).resolve(String.valueOf(stageId)));
			Path[] files = new Path[blocks.length];
			for (int r = 0; r < blocks.length; r++) {
				files[r] = dir.resolve(mapPartition + "-" + r + ".block");
				Files.write(files[r], blocks[r]);
			}
			return new Output(null, files, size);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot spill shuffle output to " + this.spillDir, ex);
		}
	}

	/** One block, or null when this executor does not have it. */
	byte[] get(String jobId, int stageId, int mapPartition, int reducePartition) {
		Output output = this.outputs.get(new Key(jobId, stageId, mapPartition));
		if (output == null) {
			return null;
		}
		int n = output.blocks() != null ? output.blocks().length : output.files().length;
		if (reducePartition < 0 || reducePartition >= n) {
			return null;
		}
		if (output.blocks() != null) {
			return output.blocks()[reducePartition];
		}
		try {
			return Files.readAllBytes(output.files()[reducePartition]);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** The map outputs held now. */
	java.util.List<OutputId> outputs() {
		return this.outputs.keySet()
			.stream()
			.map((k) -> new OutputId(k.jobId(), k.stageId(), k.mapPartition()))
			.toList();
	}

	/** Every block of one map output (read back from disk when spilled), or null. */
	byte[][] blocks(OutputId id) {
		Output output = this.outputs.get(new Key(id.jobId(), id.stageId(), id.mapPartition()));
		if (output == null) {
			return null;
		}
		if (output.blocks() != null) {
			return output.blocks();
		}
		byte[][] blocks = new byte[output.files().length][];
		for (int r = 0; r < blocks.length; r++) {
			try {
				blocks[r] = Files.readAllBytes(output.files()[r]);
			}
			catch (IOException ex) {
				return null;
			}
		}
		return blocks;
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

	private void release(Output output) {
		if (output == null) {
			return;
		}
		if (output.blocks() != null) {
			this.memoryBytes.addAndGet(-output.bytes());
			return;
		}
		this.diskBytes.addAndGet(-output.bytes());
		for (Path f : output.files()) {
			try {
				Files.deleteIfExists(f);
			}
			catch (IOException ex) {
				// a leftover spill file is removed with the spill folder
			}
		}
	}

	/** Bytes held, in memory and on disk. */
	long bytes() {
		return this.memoryBytes.get() + this.diskBytes.get();
	}

	long diskBytes() {
		return this.diskBytes.get();
	}

}
