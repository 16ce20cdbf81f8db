package dev.kindling.executor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.kindling.platform.ExecutorRole;

/**
 * The block managers and caches of the executors in this process, by executor id: one in
 * the executor role, one per local executor in local mode. The shuffle endpoint serves
 * from them, and blocks handed over by an executor that leaves go into them.
 */
@Component
@ExecutorRole
class BlockManagers {

	private final Map<String, BlockManager> byExecutor = new ConcurrentHashMap<>();

	private final Map<String, CacheManager> caches = new ConcurrentHashMap<>();

	void register(String executorId, BlockManager manager, CacheManager cache) {
		this.byExecutor.put(executorId, manager);
		this.caches.put(executorId, cache);
	}

	void unregister(String executorId) {
		this.byExecutor.remove(executorId);
		this.caches.remove(executorId);
	}

	BlockManager get(String executorId) {
		return this.byExecutor.get(executorId);
	}

	CacheManager cache(String executorId) {
		return this.caches.get(executorId);
	}

}
