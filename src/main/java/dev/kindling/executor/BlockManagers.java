package dev.kindling.executor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.kindling.platform.ExecutorRole;

/**
 * The block managers of the executors in this process, by executor id: one in the
 * executor role, one per local executor in local mode. The shuffle endpoint serves from
 * them.
 */
@Component
@ExecutorRole
class BlockManagers {

	private final Map<String, BlockManager> byExecutor = new ConcurrentHashMap<>();

	void register(String executorId, BlockManager manager) {
		this.byExecutor.put(executorId, manager);
	}

	void unregister(String executorId) {
		this.byExecutor.remove(executorId);
	}

	BlockManager get(String executorId) {
		return this.byExecutor.get(executorId);
	}

}
