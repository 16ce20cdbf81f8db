/**
 * The executors the driver knows: registration, heartbeats with their commands, loss
 * detection by missed heartbeats, and {@code GET /api/v1/executors}.
 */
package dev.kindling.cluster;
