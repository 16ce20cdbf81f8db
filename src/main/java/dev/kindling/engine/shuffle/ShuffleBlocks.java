package dev.kindling.engine.shuffle;

import java.util.Iterator;

import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/** Decodes shuffle blocks. */
public final class ShuffleBlocks {

	private ShuffleBlocks() {
	}

	/**
	 * The batches of a block written by {@link ShuffleWriter} with the same schema, decoded lazily;
	 * an empty array is an empty block.
	 * @throws IllegalArgumentException for bytes that are not a block of a known version
	 */
	public static Iterator<Batch> decode(byte[] block, Schema schema) {
		return BlockCodec.read(block, schema);
	}

}
