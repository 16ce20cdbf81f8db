package dev.kindling.engine.physical;

import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/**
 * A running operator: pulls batches from its children and yields its own, null at the
 * end.
 */
public interface Operator extends AutoCloseable {

	Schema schema();

	/**
	 * The next batch (never empty unless the input is), or null when there are no more.
	 */
	Batch next();

	@Override
	default void close() {
	}

}
