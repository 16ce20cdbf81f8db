/**
 * The driver–executor contract (DESIGN §7) as versioned JSON records, shared by both
 * sides and by nothing else: registration, heartbeats and their commands, task polling,
 * task descriptors and status reports. Paths live in {@link dev.kindling.protocol.Paths}.
 */
package dev.kindling.protocol;
