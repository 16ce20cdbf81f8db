package dev.kindling.live;

/**
 * One event of the live feed: its number in the driver's sequence, its type ({@code job},
 * {@code stage}, {@code task}, {@code progress}, {@code event}, {@code executor}), the
 * job it belongs to (null for an executor's) and its document.
 *
 * @param id the sequence number, the SSE {@code id}
 * @param type the SSE {@code event} name
 * @param jobId the job, or null
 * @param data the document sent as the SSE {@code data}, as JSON
 */
public record FeedEvent(long id, String type, String jobId, Object data) {

	public static final String JOB = "job";

	public static final String STAGE = "stage";

	public static final String TASK = "task";

	public static final String PROGRESS = "progress";

	public static final String EVENT = "event";

	public static final String EXECUTOR = "executor";

	public static final String SNAPSHOT = "snapshot";

}
