package dev.kindling.protocol;

/**
 * @param freeSlots how many tasks the executor can start now
 * @param waitMs how long it is willing to wait for one
 */
public record PollRequest(int freeSlots, long waitMs) {
}
