package dev.kindling.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.Batches;

/**
 * Cached partitions in an executor's memory, bounded by
 * {@code kindling.executor.cache-memory}: the least recently used partitions are evicted
 * first. The driver learns of evictions from the heartbeat's block list and recomputes an
 * evicted partition from its lineage.
 */
class CacheManager {

	private record Block(List<Batch> batches, long bytes) {
	}

	private final long capacity;

	private final Map<String, Block> blocks = new LinkedHashMap<>(16, 0.75f, true);

	private long bytes;

	private boolean intake = true;

	/** A cached partition, as handed on by an executor that leaves. */
	record Entry(String key, int partition, List<Batch> batches, long bytes, long rows) {
	}

	CacheManager(long capacity) {
		this.capacity = capacity;
	}

	private static String id(String key, int partition) {
		return key + "/" + partition;
	}

	synchronized List<Batch> get(String key, int partition) {
		Block b = this.blocks.get(id(key, partition));
		return b == null ? null : b.batches();
	}

	/**
	 * Stores a partition; returns its size, or -1 when it does not fit in the cache at
	 * all.
	 */
	synchronized long put(String key, int partition, List<Batch> batches) {
		long size = 0;
		for (Batch batch : batches) {
			size += Batches.sizeOf(batch);
		}
		if (size > this.capacity) {
			return -1;
		}
		Block old = this.blocks.remove(id(key, partition));
		if (old != null) {
			this.bytes -= old.bytes();
		}
		Iterator<Map.Entry<String, Block>> eldest = this.blocks.entrySet().iterator();
		while (this.bytes + size > this.capacity && eldest.hasNext()) {
			this.bytes -= eldest.next().getValue().bytes();
			eldest.remove();
		}
		this.blocks.put(id(key, partition), new Block(List.copyOf(batches), size));
		this.bytes += size;
		return size;
	}

	synchronized void drop(String key) {
		this.blocks.entrySet().removeIf(e -> {
			if (e.getKey().startsWith(key + "/")) {
				this.bytes -= e.getValue().bytes();
				return true;
			}
			return false;
		});
	}

	/** Every cached partition held now, least recently used first. */
	synchronized List<Entry> entries() {
		List<Entry> out = new ArrayList<>(this.blocks.size());
		for (Map.Entry<String, Block> e : this.blocks.entrySet()) {
			String id = e.getKey();
			int slash = id.lastIndexOf('/');
			long rows = e.getValue().batches().stream().mapToLong(Batch::rowCount).sum();
			out.add(new Entry(id.substring(0, slash), Integer.parseInt(id.substring(slash + 1)), e.getValue().batches(),
					e.getValue().bytes(), rows));
		}
		return out;
	}

	/**
	 * Takes a cached partition an executor that leaves handed over: its size, or -1 when
	 * it does not fit or this executor is leaving too.
	 */
	synchronized long takeOver(String key, int partition, List<Batch> batches) {
		return this.intake ? put(key, partition, batches) : -1;
	}

	/** This executor leaves: it takes no more partitions from others. */
	synchronized void closeIntake() {
		this.intake = false;
	}

	synchronized void clear() {
		this.blocks.clear();
		this.bytes = 0;
	}

	synchronized List<String> blockIds() {
		return new ArrayList<>(this.blocks.keySet());
	}

	synchronized long bytes() {
		return this.bytes;
	}

}
