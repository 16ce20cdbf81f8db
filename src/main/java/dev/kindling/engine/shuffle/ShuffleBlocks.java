package dev.kindling.engine.shuffle;

import java.util.Iterator;

import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/** Decodes shuffle blocks. */
public final class ShuffleBlocks {

	private ShuffleBlocks() {
	}

	public static Iterator<Batch> decode(byte[] block, Schema schema) {
		throw new UnsupportedOperationException("shuffle is not implemented yet");
	}

}
