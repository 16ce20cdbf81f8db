/**
 * Stopping a task: the question whether the task on this thread was asked to stop, which
 * long loops anywhere in the engine ask, and the exception that unwinds it.
 */
package dev.kindling.engine.cancel;
