/**
 * The command-line client ({@code bin/kindling}, or {@code java -jar kindling.jar
 * <command>}): submit a job and watch its stages' progress bars, list jobs, show a job,
 * its result, cancel it, run SQL. Plain Java over the public HTTP API (picocli, the JDK's
 * HTTP client, Jackson): it starts no Spring context and shares no code with the server.
 */
package dev.kindling.cli;
