package dev.kindling.executor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.kindling.engine.shuffle.ShuffleBlocks;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/**
 * The bodies an executor that leaves sends to the one taking its blocks: a map output as
 * its blocks one after the other (a count, then each block's length and bytes), and a
 * cached partition as the DDL of its columns' types followed by each batch encoded as a
 * shuffle block. Decoding refuses a body that is not one (an
 * {@link IllegalArgumentException}, answered 400).
 */
final class MigratedBlocks {

	/**
	 * More blocks than any shuffle may have
	 * ({@code kindling.limits.max-tasks-per-stage}).
	 */
	private static final int MAX_BLOCKS = 1_000_000;

	private MigratedBlocks() {
	}

	static byte[] encodeOutput(byte[][] blocks) {
		long size = 4;
		for (byte[] b : blocks) {
			size += 4 + b.length;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size));
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(blocks.length);
			for (byte[] b : blocks) {
				out.writeInt(b.length);
				out.write(b);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static byte[][] decodeOutput(byte[] body) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
			int count = in.readInt();
			if (count < 0 || count > MAX_BLOCKS) {
				throw new IllegalArgumentException("not a map output: " + count + " blocks");
			}
			byte[][] blocks = new byte[count][];
			for (int i = 0; i < count; i++) {
				blocks[i] = chunk(in);
			}
			end(in);
			return blocks;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("not a map output: " + ex.getMessage(), ex);
		}
	}

	/** The body for a cached partition, or null for batches without columns. */
	static byte[] encodeCached(List<Batch> batches) {
		if (!batches.isEmpty() && batches.get(0).columnCount() == 0) {
			return null;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			Schema schema = batches.isEmpty() ? null : schemaOf(batches.get(0));
			out.writeUTF(schema == null ? "" : schema.toDdl());
			out.writeInt(batches.size());
			for (Batch batch : batches) {
				byte[] block = ShuffleBlocks.encode(batch, schema);
				out.writeInt(block.length);
				out.write(block);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static List<Batch> decodeCached(byte[] body) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
			String ddl = in.readUTF();
			int count = in.readInt();
			if (count < 0 || count > MAX_BLOCKS || (count > 0 && ddl.isEmpty())) {
				throw new IllegalArgumentException("not a cached partition");
			}
			Schema schema = ddl.isEmpty() ? null : Schema.parse(ddl);
			List<Batch> batches = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				Iterator<Batch> decoded = ShuffleBlocks.decode(chunk(in), schema);
				decoded.forEachRemaining(batches::add);
			}
			end(in);
			return batches;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("not a cached partition: " + ex.getMessage(), ex);
		}
	}

	/** Column types are what a block's encoding needs; the names are placeholders. */
	private static Schema schemaOf(Batch batch) {
		List<Field> fields = new ArrayList<>(batch.columnCount());
		for (int c = 0; c < batch.columnCount(); c++) {
			fields.add(new Field("c" + c, batch.column(c).type()));
		}
		return new Schema(fields);
	}

	private static byte[] chunk(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > in.available()) {
			throw new IllegalArgumentException("a block of " + length + " bytes where " + in.available() + " are left");
		}
		return in.readNBytes(length);
	}

	private static void end(DataInputStream in) throws IOException {
		if (in.read() != -1) {
			throw new IllegalArgumentException("bytes after the last block");
		}
	}

}
