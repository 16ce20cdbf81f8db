package dev.kindling.engine.shuffle;

import java.util.Iterator;

import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/** Encodes and decodes blocks of batches (shuffle output, a sort's spilled runs). */
public final class ShuffleBlocks {

	private ShuffleBlocks() {
	}

	/**
	 * The batches of a block written by {@link ShuffleWriter} with the same schema,
	 * decoded lazily; an empty array is an empty block.
	 * @throws IllegalArgumentException for bytes that are not a block of a known version
	 */
	public static Iterator<Batch> decode(byte[] block, Schema schema) {
		return BlockCodec.read(block, schema);
	}

	/**
	 * The batches of a block read from a stream as they arrive, one batch in memory at a
	 * time; an empty stream is an empty block. Closed at its end, on an error, or by
	 * {@link BatchStream#close()}.
	 */
	public static BatchStream stream(java.io.InputStream in, Schema schema) {
		return BlockCodec.stream(in, schema);
	}

	/** One batch as a block that {@link #decode} reads back. */
	public static byte[] encode(Batch batch, Schema schema) {
		BlockCodec.Sink sink = new BlockCodec.Sink(64 + batch.rowCount() * 8 * Math.max(1, schema.size()));
		BlockCodec.writeHeader(sink);
		if (batch.rowCount() > 0) {
			BlockCodec.writeBatch(sink, batch, schema);
		}
		return sink.toByteArray();
	}

}
