/**
 * Cross-cutting platform pieces: the one configuration record
 * ({@link dev.kindling.platform.KindlingProperties}), role selection, problem-details
 * error handling, OpenAPI documentation and security filters.
 */
package dev.kindling.platform;
