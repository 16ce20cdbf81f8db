package dev.kindling.executor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shuffle blocks one executor holds, in memory, by job, stage and map partition. Blocks of a
 * finished job are dropped when the driver says so.
 */
class BlockManager {

	private record Key(String jobId, int stageId, int mapPartition) {
	}

	private final Map<Key, byte[][]> blocks = new ConcurrentHashMap<>();

	private final AtomicLong bytes = new AtomicLong();

	void put(String jobId, int stageId, int mapPartition, byte[][] partitionBlocks) {
		long size = 0;
		for (byte[] b : partitionBlocks) {
			size += b.length;
		}
		byte[][] old = this.blocks.put(new Key(jobId, stageId, mapPartition), partitionBlocks);
		if (old != null) {
			for (byte[] b : old) {
				size -= b.length;
			}
		}
		this.bytes.addAndGet(size);
	}

	/** One block, or null when this executor does not have it. */
	byte[] get(String jobId, int stageId, int mapPartition, int reducePartition) {
		byte[][] all = this.blocks.get(new Key(jobId, stageId, mapPartition));
		if (all == null || reducePartition < 0 || reducePartition >= all.length) {
			return null;
		}
		return all[reducePartition];
	}

	void dropJob(String jobId) {
		this.blocks.entrySet().removeIf(e -> {
			if (e.getKey().jobId().equals(jobId)) {
				for (byte[] b : e.getValue()) {
					this.bytes.addAndGet(-b.length);
				}
				return true;
			}
			return false;
		});
	}

	long bytes() {
		return this.bytes.get();
	}

}
