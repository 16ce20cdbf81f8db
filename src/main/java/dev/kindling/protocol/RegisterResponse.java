package dev.kindling.protocol;

/**
 * @param executorId the id to use in every later call
 * @param heartbeatIntervalMs how often to heartbeat
 * @param pollTimeoutMs how long the driver holds a poll open
 */
public record RegisterResponse(String executorId, long heartbeatIntervalMs, long pollTimeoutMs) {
}
