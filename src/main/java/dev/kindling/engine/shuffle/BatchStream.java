package dev.kindling.engine.shuffle;

import java.util.Iterator;

import dev.kindling.engine.vector.Batch;

/**
 * Batches read from a stream, one at a time; closing it before its end gives back what it
 * holds (a connection, a file).
 */
public interface BatchStream extends Iterator<Batch>, AutoCloseable {

	@Override
	void close();

}
