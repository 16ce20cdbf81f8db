package dev.kindling.protocol;

/**
 * An executor introduces itself.
 *
 * @param version the protocol version it speaks
 * @param name a stable name for people (host and port, or local-N)
 * @param slots how many tasks it runs at once
 * @param maxMemory its maximum heap in bytes
 * @param url the base URL other executors fetch its shuffle blocks from
 * @param previousId the id it had before, when it re-registers
 * @param cacheMemory the bytes it may hold as cached partitions (null: not said)
 * @param shuffleMemory the bytes of shuffle blocks it holds in memory before spilling
 * (null: not said)
 */
public record RegisterRequest(int version, String name, int slots, long maxMemory, String url, String previousId,
		Long cacheMemory, Long shuffleMemory) {

	/** A registration that does not state its memory limits. */
	public RegisterRequest(int version, String name, int slots, long maxMemory, String url, String previousId) {
		this(version, name, slots, maxMemory, url, previousId, null, null);
	}

}
