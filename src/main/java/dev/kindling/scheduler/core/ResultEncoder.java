package dev.kindling.scheduler.core;

/** Turns a job's combined result into the JSON that is stored and shown. */
@FunctionalInterface
public interface ResultEncoder {

	String encode(Object result);

}
