package dev.kindling.engine.shuffle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * The shuffle block format, version 3. All numbers are little-endian.
 *
 * <pre>
 * block  := magic "KSB" version:u8 batch*
 * batch  := length:i32 rows:i32 column*  (one column per schema field, rows &gt; 0; length
 *                                        counts the bytes after it, so a reader of a
 *                                        stream takes one batch at a time)
 * column := nullFlag:u8 [bitmap: (rows + 7) / 8 bytes, bit set = null] values
 * values := int, date: rows x i32 | bigint, timestamp: rows x i64 | double: rows x f64 bits
 *         | boolean: rows x u8
 *         | string, binary: byteCount:i32 (rows + 1) x i32 offsets, byteCount bytes
 *         | decimal(p&lt;=18): rows x i64 unscaled values (the scale is the type's)
 *         | decimal(p&gt;18): wideCount:i32, rows x i64 unscaled values (0 where wide), then
 *           per value too wide for a long row:i32 length:i32 two's-complement bytes
 * </pre> The schema is not written: reader and writer share it through the plan. Values
 * under a null are written as zero (or empty) so every fixed-width column has the same
 * length whatever its nulls.
 */
final class BlockCodec {

	static final byte[] MAGIC = { 'K', 'S', 'B' };

	static final byte VERSION = 3;

	static final int HEADER_LENGTH = MAGIC.length + 1;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private BlockCodec() {
	}

	/** A growable byte array with little-endian writes. */
	static final class Sink {

		private byte[] buf;

		private int pos;

		Sink(int capacity) {
			this.buf = new byte[Math.max(capacity, 16)];
		}

		int size() {
			return this.pos;
		}

		byte[] toByteArray() {
			return Arrays.copyOf(this.buf, this.pos);
		}

		/** The bytes written from {@code from} on. */
		java.nio.ByteBuffer buffer(int from) {
			return java.nio.ByteBuffer.wrap(this.buf, from, this.pos - from);
		}

		private void ensure(int more) {
			if (this.pos + more > this.buf.length) {
				long wanted = Math.max((long) this.pos + more, (long) this.buf.length * 2);
				if (wanted > Integer.MAX_VALUE - 8) {
					throw new IllegalStateException("shuffle block larger than 2 GiB");
				}
				this.buf = Arrays.copyOf(this.buf, (int) wanted);
			}
		}

		void putByte(int b) {
			ensure(1);
			this.buf[this.pos++] = (byte) b;
		}

		void putInt(int v) {
			ensure(4);
			INTS.set(this.buf, this.pos, v);
			this.pos += 4;
		}

		void putLong(long v) {
			ensure(8);
			LONGS.set(this.buf, this.pos, v);
			this.pos += 8;
		}

		void putBytes(byte[] src, int from, int length) {
			ensure(length);
			System.arraycopy(src, from, this.buf, this.pos, length);
			this.pos += length;
		}

	}

	static void writeHeader(Sink sink) {
		sink.putBytes(MAGIC, 0, MAGIC.length);
		sink.putByte(VERSION);
	}

	/**
	 * Appends one batch of at least one row. Widths follow the schema's types, as the
	 * reader's do, whatever the vectors say.
	 */
	static void writeBatch(Sink sink, Batch batch, Schema schema) {
		int rows = batch.rowCount();
		int lengthAt = sink.pos;
		sink.putInt(0);
		sink.putInt(rows);
		for (int c = 0; c < batch.columnCount(); c++) {
			writeColumn(sink, batch.column(c), schema.field(c).type(), rows);
		}
		INTS.set(sink.buf, lengthAt, sink.pos - lengthAt - 4);
	}

	private static void writeColumn(Sink sink, ColumnVector v, DataType type, int rows) {
		boolean[] nulls = v.nulls();
		boolean anyNull = false;
		if (nulls != null) {
			for (int i = 0; i < rows && !anyNull; i++) {
				anyNull = nulls[i];
			}
		}
		sink.putByte(anyNull ? 1 : 0);
		if (anyNull) {
			sink.ensure((rows + 7) >>> 3);
			byte[] buf = sink.buf;
			int base = sink.pos;
			Arrays.fill(buf, base, base + ((rows + 7) >>> 3), (byte) 0);
			for (int i = 0; i < rows; i++) {
				if (nulls[i]) {
					buf[base + (i >>> 3)] |= (byte) (1 << (i & 7));
				}
			}
			sink.pos += (rows + 7) >>> 3;
		}
		if (v instanceof LongVector l && (type == DataType.INT || type == DataType.DATE)) {
			// Ints and days fit in 32 bits by their type's contract.
			long[] values = l.values();
			sink.ensure(rows * 4);
			for (int i = 0; i < rows; i++) {
				INTS.set(sink.buf, sink.pos, anyNull && nulls[i] ? 0 : (int) values[i]);
				sink.pos += 4;
			}
		}
		else if (v instanceof LongVector l) {
			long[] values = l.values();
			sink.ensure(rows * 8);
			for (int i = 0; i < rows; i++) {
				LONGS.set(sink.buf, sink.pos, anyNull && nulls[i] ? 0L : values[i]);
				sink.pos += 8;
			}
		}
		else if (v instanceof DoubleVector d) {
			double[] values = d.values();
			sink.ensure(rows * 8);
			for (int i = 0; i < rows; i++) {
				LONGS.set(sink.buf, sink.pos, anyNull && nulls[i] ? 0L : Double.doubleToRawLongBits(values[i]));
				sink.pos += 8;
			}
		}
		else if (v instanceof BooleanVector b) {
			boolean[] values = b.values();
			sink.ensure(rows);
			for (int i = 0; i < rows; i++) {
				sink.buf[sink.pos++] = (byte) (values[i] && !(anyNull && nulls[i]) ? 1 : 0);
			}
		}
		else if (v instanceof StringVector s) {
			int[] offsets = s.offsets();
			int first = offsets[0];
			int byteCount = offsets[rows] - first;
			sink.putInt(byteCount);
			sink.ensure((rows + 1) * 4 + byteCount);
			for (int i = 0; i <= rows; i++) {
				INTS.set(sink.buf, sink.pos, offsets[i] - first);
				sink.pos += 4;
			}
			sink.putBytes(s.data(), first, byteCount);
		}
		else {
			writeDecimals(sink, (DecimalVector) v, (DecimalType) type, rows, anyNull ? nulls : null);
		}
	}

	private static void writeDecimals(Sink sink, DecimalVector d, DecimalType type, int rows, boolean[] nulls) {
		BigInteger[] wide = d.wide();
		int wideCount = 0;
		if (wide != null) {
			for (int i = 0; i < rows; i++) {
				wideCount += (wide[i] != null && (nulls == null || !nulls[i])) ? 1 : 0;
			}
		}
		if (!type.isCompact()) {
			sink.putInt(wideCount);
		}
		else if (wideCount > 0) {
			throw new IllegalStateException("a " + type.sqlName() + " value does not fit a long");
		}
		long[] values = d.values();
		sink.ensure(rows * 8);
		for (int i = 0; i < rows; i++) {
			boolean skip = (nulls != null && nulls[i]) || (wide != null && wide[i] != null);
			LONGS.set(sink.buf, sink.pos, skip ? 0L : values[i]);
			sink.pos += 8;
		}
		if (wideCount > 0) {
			for (int i = 0; i < rows; i++) {
				if (wide[i] != null && (nulls == null || !nulls[i])) {
					byte[] bytes = wide[i].toByteArray();
					sink.putInt(i);
					sink.putInt(bytes.length);
					sink.putBytes(bytes, 0, bytes.length);
				}
			}
		}
	}

	/** The batches of a block, decoded one at a time as the iterator advances. */
	static Iterator<Batch> read(byte[] block, Schema schema) {
		if (block.length == 0) {
			return java.util.Collections.emptyIterator();
		}
		if (block.length < HEADER_LENGTH || block[0] != MAGIC[0] || block[1] != MAGIC[1] || block[2] != MAGIC[2]) {
			throw new IllegalArgumentException("not a shuffle block (bad magic)");
		}
		if (block[3] != VERSION) {
			throw new IllegalArgumentException("unsupported shuffle block version " + block[3]);
		}
		return new Reader(block, schema, HEADER_LENGTH);
	}

	/**
	 * The batches of a block read from a stream, one batch in memory at a time; an empty
	 * stream is an empty block. The stream is closed at its end or on an error.
	 * @throws java.io.UncheckedIOException when the stream fails while read
	 */
	static BatchStream stream(java.io.InputStream in, Schema schema) {
		return new StreamReader(in, schema);
	}

	private static final class StreamReader implements BatchStream {

		private final java.io.InputStream in;

		private final Schema schema;

		private boolean started;

		private Batch next;

		private boolean done;

		StreamReader(java.io.InputStream in, Schema schema) {
			this.in = in;
			this.schema = schema;
		}

		@Override
		public boolean hasNext() {
			if (this.next == null && !this.done) {
				try {
					this.next = readOne();
				}
				catch (java.io.IOException ex) {
					close();
					throw new java.io.UncheckedIOException(ex);
				}
				catch (RuntimeException ex) {
					close();
					throw ex;
				}
				if (this.next == null) {
					close();
				}
			}
			return this.next != null;
		}

		private Batch readOne() throws java.io.IOException {
			if (!this.started) {
				byte[] header = this.in.readNBytes(HEADER_LENGTH);
				this.started = true;
				if (header.length == 0) {
					return null;
				}
				if (header.length < HEADER_LENGTH || header[0] != MAGIC[0] || header[1] != MAGIC[1]
						|| header[2] != MAGIC[2]) {
					throw new IllegalArgumentException("not a shuffle block (bad magic)");
				}
				if (header[3] != VERSION) {
					throw new IllegalArgumentException("unsupported shuffle block version " + header[3]);
				}
			}
			byte[] length = this.in.readNBytes(4);
			if (length.length == 0) {
				return null;
			}
			if (length.length < 4) {
				throw new java.io.EOFException("shuffle block truncated in a batch's length");
			}
			int n = (int) INTS.get(length, 0);
			if (n < 4) {
				throw new IllegalArgumentException("corrupt shuffle block: batch of " + n + " bytes");
			}
			byte[] frame = this.in.readNBytes(n);
			if (frame.length < n) {
				throw new java.io.EOFException("shuffle block truncated: " + frame.length + " of " + n + " bytes");
			}
			return new Reader(frame, this.schema, 0).body(n);
		}

		@Override
		public Batch next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			Batch out = this.next;
			this.next = null;
			return out;
		}

		@Override
		public void close() {
			this.done = true;
			try {
				this.in.close();
			}
			catch (java.io.IOException ex) {
				// nothing more is read from it
			}
		}

	}

	private static final class Reader implements Iterator<Batch> {

		private final byte[] buf;

		private final Schema schema;

		private int pos;

		Reader(byte[] buf, Schema schema, int pos) {
			this.buf = buf;
			this.schema = schema;
			this.pos = pos;
		}

		@Override
		public boolean hasNext() {
			return this.pos < this.buf.length;
		}

		@Override
		public Batch next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			if (this.buf.length - this.pos < 4) {
				throw new IllegalArgumentException("corrupt shuffle block: truncated at byte " + this.pos);
			}
			int length = readInt();
			if (length < 4 || length > this.buf.length - this.pos) {
				throw new IllegalArgumentException("corrupt shuffle block: batch of " + length + " bytes at byte "
						+ (this.pos - 4) + " of " + this.buf.length);
			}
			return body(this.pos + length);
		}

		/** Decodes the batch starting at {@code pos} that ends at {@code end}. */
		Batch body(int end) {
			try {
				int rows = readInt();
				if (rows <= 0) {
					throw new IllegalArgumentException("corrupt shuffle block: batch of " + rows + " rows");
				}
				ColumnVector[] columns = new ColumnVector[this.schema.size()];
				for (int c = 0; c < columns.length; c++) {
					columns[c] = readColumn(this.schema.field(c).type(), rows);
				}
				if (this.pos != end) {
					throw new IllegalArgumentException(
							"corrupt shuffle block: a batch's length does not match its columns");
				}
				return new Batch(columns, rows);
			}
			catch (IndexOutOfBoundsException ex) {
				throw new IllegalArgumentException("corrupt shuffle block: truncated at byte " + this.pos, ex);
			}
		}

		private int readInt() {
			int v = (int) INTS.get(this.buf, this.pos);
			this.pos += 4;
			return v;
		}

		private ColumnVector readColumn(DataType type, int rows) {
			boolean[] nulls = null;
			if (this.buf[this.pos++] != 0) {
				nulls = new boolean[rows];
				for (int i = 0; i < rows; i++) {
					nulls[i] = (this.buf[this.pos + (i >>> 3)] & (1 << (i & 7))) != 0;
				}
				this.pos += (rows + 7) >>> 3;
			}
			switch (type.kind()) {
				case INT, DATE -> {
					long[] values = new long[rows];
					for (int i = 0; i < rows; i++) {
						values[i] = (int) INTS.get(this.buf, this.pos);
						this.pos += 4;
					}
					return new LongVector(type, values, nulls, rows);
				}
				case BIGINT, TIMESTAMP -> {
					long[] values = new long[rows];
					for (int i = 0; i < rows; i++) {
						values[i] = (long) LONGS.get(this.buf, this.pos);
						this.pos += 8;
					}
					return new LongVector(type, values, nulls, rows);
				}
				case DOUBLE -> {
					double[] values = new double[rows];
					for (int i = 0; i < rows; i++) {
						values[i] = Double.longBitsToDouble((long) LONGS.get(this.buf, this.pos));
						this.pos += 8;
					}
					return new DoubleVector(values, nulls, rows);
				}
				case BOOLEAN, NULL -> {
					boolean[] values = new boolean[rows];
					for (int i = 0; i < rows; i++) {
						values[i] = this.buf[this.pos++] != 0;
					}
					return new BooleanVector(values, nulls, rows);
				}
				case STRING, BINARY -> {
					int byteCount = readInt();
					int offsetsAt = this.pos;
					int dataAt = offsetsAt + (rows + 1) * 4;
					if (byteCount < 0 || dataAt + byteCount > this.buf.length) {
						throw new IllegalArgumentException("corrupt shuffle block: string column overruns the block");
					}
					StringVector out = new StringVector(type, rows);
					int prev = (int) INTS.get(this.buf, offsetsAt);
					for (int i = 0; i < rows; i++) {
						int end = (int) INTS.get(this.buf, offsetsAt + (i + 1) * 4);
						if (nulls != null && nulls[i]) {
							out.appendNull();
						}
						else {
							out.append(this.buf, dataAt + prev, end - prev);
						}
						prev = end;
					}
					this.pos = dataAt + byteCount;
					return out;
				}
				case DECIMAL -> {
					return readDecimals((DecimalType) type, rows, nulls);
				}
				default -> throw new IllegalStateException("no encoding for " + type);
			}
		}

		private ColumnVector readDecimals(DecimalType type, int rows, boolean[] nulls) {
			int wideCount = type.isCompact() ? 0 : readInt();
			if (wideCount < 0 || wideCount > rows) {
				throw new IllegalArgumentException("corrupt shuffle block: " + wideCount + " wide decimals");
			}
			long[] values = new long[rows];
			for (int i = 0; i < rows; i++) {
				values[i] = (long) LONGS.get(this.buf, this.pos);
				this.pos += 8;
			}
			BigInteger[] wide = null;
			for (int k = 0; k < wideCount; k++) {
				int row = readInt();
				int length = readInt();
				if (row < 0 || row >= rows || length <= 0 || this.pos + length > this.buf.length) {
					throw new IllegalArgumentException("corrupt shuffle block: bad wide decimal");
				}
				if (wide == null) {
					wide = new BigInteger[rows];
				}
				wide[row] = new BigInteger(this.buf, this.pos, length);
				this.pos += length;
			}
			return new DecimalVector(type, values, wide, nulls, rows);
		}

	}

}
