package dev.kindling.protocol;

import java.util.List;

/**
 * An executor leaving on purpose ({@link Paths#DECOMMISSION}): the driver gives it no new
 * task from now on and answers with the executors that may take its blocks.
 */
public final class Decommission {

	private Decommission() {
	}

	/**
	 * @param reason why it leaves (SIGTERM, an operator's drain)
	 */
	public record Request(String reason) {
	}

	/**
	 * @param peers the live executors that take tasks, which may take the leaving one's
	 * shuffle output and cached partitions
	 * @param reregister the driver does not know this executor
	 */
	public record Response(List<Peer> peers, boolean reregister) {

		public Response {
			peers = peers == null ? List.of() : List.copyOf(peers);
		}

	}

	/**
	 * @param executorId an executor
	 * @param url its base URL
	 */
	public record Peer(String executorId, String url) {
	}

}
