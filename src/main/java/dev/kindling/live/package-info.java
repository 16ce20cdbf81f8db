/**
 * Live progress: every state change the driver commits (a job accepted, started or ended,
 * a stage's status, a task attempt queued, started or ended, an event stored, an executor
 * registered or lost) is published here once it is committed, numbered in one sequence,
 * kept in a bounded journal, and streamed as Server-Sent Events at
 * {@code /api/v1/jobs/{id}/events} and {@code /api/v1/events}. A client that reconnects
 * with {@code Last-Event-ID} gets what it missed from the journal; one that connects
 * fresh gets a snapshot read from the database as of a sequence number, and everything
 * after it.
 */
package dev.kindling.live;
