package dev.kindling.engine.shuffle;

import java.util.List;

import dev.kindling.engine.expr.BoundExpr;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/**
 * Splits a map task's output rows into {@code partitions} blocks by a hash of the key expressions
 * (all rows to block 0 when there are no keys) and encodes each block.
 */
public final class ShuffleWriter {

	public ShuffleWriter(Schema schema, List<BoundExpr> keys, int partitions) {
		throw new UnsupportedOperationException("shuffle is not implemented yet");
	}

	public void write(Batch batch) {
		throw new UnsupportedOperationException();
	}

	/** The encoded blocks, one per reduce partition (an empty array for an empty block). */
	public byte[][] finish() {
		throw new UnsupportedOperationException();
	}

	/** Rows per reduce partition, valid after {@link #finish()}. */
	public long[] rows() {
		throw new UnsupportedOperationException();
	}

}
