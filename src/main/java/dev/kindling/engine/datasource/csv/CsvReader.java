package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalParser;
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
 * Reads one split of a CSV file as column batches, straight from the bytes.
 *
 * <p>
 * Only the columns in the projection are converted; the others are only stepped over
 * (quote-aware) and may hold anything. Every line belongs to exactly one split (see
 * {@link FileSplit}); a split of length 0 reads nothing. Only the split at offset 0 drops
 * the byte order mark, and the header (the first non-blank line) is dropped by whichever
 * split holds it. An empty unquoted field, or a field equal to {@code nullValue}, is
 * null; a quoted empty field {@code ""} is the empty string. A record with the wrong
 * number of fields, a value that does not convert, an unterminated quote or a record over
 * 16 MiB is malformed and handled by the {@link CsvOptions.Mode}: PERMISSIVE keeps it
 * with nulls where values are missing or bad, DROPMALFORMED drops it, FAILFAST throws a
 * {@link CsvException} naming the file and line.
 *
 * <p>
 * Not thread-safe; one reader per task.
 */
public final class CsvReader implements AutoCloseable {

	private static final int BUFFER_SIZE = 1 << 20;

	private final Path file;

	private final String fileName;

	private final CsvOptions options;

	private final Schema fileSchema;

	private final int[] projection;

	private final DataType[] types;

	private final FileChannel channel;

	private final CsvLexer lexer;

	private final FieldParser parser;

	private final byte[] nullBytes;

	private final long start;

	private long endLimit;

	private byte[] scratch = new byte[256];

	private boolean finished;

	private long records;

	private long malformed;

	/**
	 * Opens a split for reading.
	 * @param file the CSV file
	 * @param split the byte range to read
	 * @param options the source options
	 * @param fileSchema the schema of all the file's columns
	 * @param projection the file column indexes to output, in output order
	 * @throws CsvException when the file cannot be opened
	 */
	public CsvReader(Path file, FileSplit split, CsvOptions options, Schema fileSchema, int[] projection) {
		this.file = file;
		this.fileName = String.valueOf(file.getFileName());
		this.options = options;
		this.fileSchema = fileSchema;
		this.projection = projection.clone();
		this.types = new DataType[projection.length];
		for (int j = 0; j < projection.length; j++) {
			if (projection[j] < 0 || projection[j] >= fileSchema.size()) {
				throw new IllegalArgumentException(
						"projection index " + projection[j] + " is outside the schema of " + fileSchema.size());
			}
			this.types[j] = fileSchema.field(projection[j]).type();
		}
		this.parser = new FieldParser(options);
		this.nullBytes = options.nullValue().getBytes(StandardCharsets.UTF_8);
		this.start = split.start();
		try {
			this.channel = FileChannel.open(file, StandardOpenOption.READ);
		}
		catch (IOException ex) {
			throw new CsvException("cannot open " + this.fileName + ": " + ex.getMessage(), this.fileName, -1, ex);
		}
		try {
			long remaining = Math.max(0, this.channel.size() - split.start());
			int bufferSize = (int) Math.min(BUFFER_SIZE, Math.max(4096, remaining + 1));
			long endLimit = options.multiLine() ? Math.max(split.end(), this.channel.size()) : split.end();
			this.endLimit = endLimit;
			// a split of no bytes owns no line (at offset 0 too, where the rule would
			// give it line 1)
			this.finished = split.length() == 0;
			// keep the boundaries of the fields up to the last one read; the others are
			// only counted
			int needed = 1;
			for (int c : projection) {
				needed = Math.max(needed, c + 1);
			}
			this.lexer = new CsvLexer(this.channel, this.fileName, split.start(), endLimit, options, bufferSize,
					needed);
			if (options.header() && !this.finished
					&& (split.start() == 0 || onlyBlankLinesBefore(this.lexer.position()))) {
				// the header is the first non-blank line, wherever leading blank lines
				// put it
				this.lexer.next();
			}
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly();
			if (ex instanceof CsvException csv) {
				throw csv;
			}
			throw new CsvException("cannot read " + this.fileName + ": " + ex.getMessage(), this.fileName, -1, ex);
		}
	}

	/**
	 * The next rows of the split, up to {@link ColumnVector#BATCH_SIZE}, or {@code null}
	 * at the end.
	 * @throws CsvException for a malformed record under FAILFAST, or an I/O failure
	 */
	public Batch next() {
		if (this.finished) {
			return null;
		}
		final int n = this.projection.length;
		// records start at most at the end limit and take two bytes at least (blank lines
		// are skipped)
		long left = Math.max(0, this.endLimit - this.lexer.position());
		final int capacity = (int) Math.min(ColumnVector.BATCH_SIZE, left / 2 + 2);
		long[][] longs = new long[n][];
		double[][] doubles = new double[n][];
		boolean[][] booleans = new boolean[n][];
		BigInteger[][] wide = new BigInteger[n][];
		StringVector[] strings = new StringVector[n];
		boolean[][] nulls = new boolean[n][];
		boolean anyString = false;
		for (int j = 0; j < n; j++) {
			switch (this.types[j].kind()) {
				case INT, BIGINT, DATE, TIMESTAMP -> longs[j] = new long[capacity];
				case DOUBLE -> doubles[j] = new double[capacity];
				case BOOLEAN -> booleans[j] = new boolean[capacity];
				case DECIMAL -> longs[j] = new long[capacity];
				case STRING -> {
					strings[j] = new StringVector(capacity);
					anyString = true;
				}
				default -> throw new IllegalStateException("cannot read a CSV column of type " + this.types[j]);
			}
		}
		final int columns = this.fileSchema.size();
		final CsvLexer lx = this.lexer;
		final FieldParser fp = this.parser;
		final CsvOptions.Mode mode = this.options.mode();
		int rows = 0;
		while (rows < capacity) {
			if (!lx.next()) {
				this.finished = true;
				break;
			}
			this.records++;
			String reason = lx.error();
			int fields = lx.fieldCount();
			if (reason == null && columns > 0 && fields != columns) {
				reason = "expected " + columns + " fields, found " + fields;
			}
			boolean bad = reason != null;
			if (bad) {
				this.malformed++;
				if (mode == CsvOptions.Mode.FAILFAST) {
					throw fail(reason);
				}
				if (mode == CsvOptions.Mode.DROPMALFORMED) {
					continue;
				}
			}
			int kept = lx.keptFields();
			boolean drop = false;
			for (int j = 0; j < n; j++) {
				DataType type = this.types[j];
				if (type == DataType.STRING) {
					continue;
				}
				int c = this.projection[j];
				if (c >= kept) {
					nulls[j] = markNull(nulls[j], rows, capacity);
					continue;
				}
				byte[] b;
				int s;
				int e;
				if (lx.isComplex(c)) {
					b = scratch(lx.rawLength(c));
					s = 0;
					e = lx.decode(c, b);
				}
				else {
					b = lx.buffer();
					s = lx.valueStart(c);
					e = lx.valueEnd(c);
				}
				if (s == e || isNullValue(b, s, e)) {
					nulls[j] = markNull(nulls[j], rows, capacity);
					continue;
				}
				boolean ok;
				switch (type.kind()) {
					case INT -> {
						ok = fp.parseInt(b, s, e);
						longs[j][rows] = fp.longValue;
					}
					case BIGINT -> {
						ok = fp.parseLong(b, s, e);
						longs[j][rows] = fp.longValue;
					}
					case DATE -> {
						ok = fp.parseDate(b, s, e);
						longs[j][rows] = fp.longValue;
					}
					case TIMESTAMP -> {
						ok = fp.parseTimestamp(b, s, e);
						longs[j][rows] = fp.longValue;
					}
					case DOUBLE -> {
						ok = fp.parseDouble(b, s, e);
						doubles[j][rows] = fp.doubleValue;
					}
					case BOOLEAN -> {
						ok = fp.parseBoolean(b, s, e);
						booleans[j][rows] = fp.booleanValue;
					}
					default -> {
						ok = fp.parseDecimal(b, s, e, (DecimalType) type);
						longs[j][rows] = ok ? fp.longValue : 0;
						if (wide[j] != null) {
							// this row may reuse the slot of a dropped malformed one
							wide[j][rows] = null;
						}
						if (ok && fp.decimalWide != null) {
							if (wide[j] == null) {
								wide[j] = new BigInteger[capacity];
							}
							wide[j][rows] = fp.decimalWide;
						}
					}
				}
				if (!ok) {
					if (mode == CsvOptions.Mode.FAILFAST) {
						this.malformed++;
						String why = (type.isDecimal() && fp.decimalResult == DecimalParser.Result.OVERFLOW)
								? " (more digits than the type holds)" : "";
						throw fail("cannot parse '" + preview(b, s, e) + "' as " + type.sqlName() + " for column '"
								+ this.fileSchema.field(c).name() + "'" + why);
					}
					if (!bad) {
						this.malformed++;
						bad = true;
					}
					if (mode == CsvOptions.Mode.DROPMALFORMED) {
						drop = true;
						break;
					}
					nulls[j] = markNull(nulls[j], rows, capacity);
				}
			}
			if (drop) {
				for (int j = 0; j < n; j++) {
					if (nulls[j] != null) {
						nulls[j][rows] = false;
					}
				}
				continue;
			}
			if (anyString) {
				for (int j = 0; j < n; j++) {
					if (strings[j] != null) {
						appendString(strings[j], this.projection[j], kept);
					}
				}
			}
			rows++;
		}
		if (rows == 0 && this.finished) {
			return null;
		}
		ColumnVector[] vectors = new ColumnVector[n];
		for (int j = 0; j < n; j++) {
			vectors[j] = switch (this.types[j].kind()) {
				case INT, BIGINT, DATE, TIMESTAMP -> new LongVector(this.types[j], longs[j], nulls[j], rows);
				case DOUBLE -> new DoubleVector(doubles[j], nulls[j], rows);
				case BOOLEAN -> new BooleanVector(booleans[j], nulls[j], rows);
				case STRING -> strings[j];
				default -> new DecimalVector((DecimalType) this.types[j], longs[j], wide[j], nulls[j], rows);
			};
		}
		return new Batch(vectors, rows);
	}

	private void appendString(StringVector out, int c, int kept) {
		CsvLexer lx = this.lexer;
		if (c >= kept) {
			out.appendNull();
			return;
		}
		byte[] b;
		int s;
		int e;
		if (lx.isComplex(c)) {
			b = scratch(lx.rawLength(c));
			s = 0;
			e = lx.decode(c, b);
		}
		else {
			b = lx.buffer();
			s = lx.valueStart(c);
			e = lx.valueEnd(c);
		}
		if (s == e) {
			if (lx.isQuoted(c) || this.nullBytes.length != 0) {
				out.append(b, s, 0);
			}
			else {
				out.appendNull();
			}
		}
		else if (isNullValue(b, s, e)) {
			out.appendNull();
		}
		else {
			out.append(b, s, e - s);
		}
	}

	private static boolean[] markNull(boolean[] mask, int row, int capacity) {
		boolean[] m = (mask != null) ? mask : new boolean[capacity];
		m[row] = true;
		return m;
	}

	private boolean isNullValue(byte[] b, int s, int e) {
		byte[] nv = this.nullBytes;
		return nv.length == e - s && nv.length > 0 && Arrays.equals(nv, 0, nv.length, b, s, e);
	}

	private byte[] scratch(int length) {
		if (this.scratch.length < length) {
			this.scratch = new byte[Math.max(length, this.scratch.length * 2)];
		}
		return this.scratch;
	}

	private static String preview(byte[] b, int s, int e) {
		String v = new String(b, s, Math.min(e - s, 200), StandardCharsets.UTF_8);
		return (v.length() > 64) ? v.substring(0, 64) + "..." : v;
	}

	private CsvException fail(String reason) {
		return CsvException.malformed(this.fileName, lineOf(this.lexer.recordOffset()), reason);
	}

	/**
	 * The 1-based line at this offset, by counting line feeds before it (only when
	 * failing).
	 */
	private long lineOf(long offset) {
		if (offset < 0) {
			return -1;
		}
		long line = 1;
		ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
		byte[] a = chunk.array();
		long at = 0;
		try {
			while (at < offset) {
				chunk.clear();
				chunk.limit((int) Math.min(a.length, offset - at));
				int n = this.channel.read(chunk, at);
				if (n <= 0) {
					break;
				}
				for (int i = 0; i < n; i++) {
					if (a[i] == '\n') {
						line++;
					}
				}
				at += n;
			}
			return line;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * Whether the file before this line start holds only a byte order mark and blank
	 * lines.
	 */
	private boolean onlyBlankLinesBefore(long offset) throws IOException {
		ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(1 << 16, Math.max(offset, 1)));
		byte[] a = chunk.array();
		boolean pendingCr = false;
		long at = 0;
		while (at < offset) {
			chunk.clear();
			chunk.limit((int) Math.min(a.length, offset - at));
			int n = this.channel.read(chunk, at);
			if (n <= 0) {
				return false;
			}
			for (int i = 0; i < n; i++) {
				long p = at + i;
				int c = a[i] & 0xFF;
				if (pendingCr) {
					if (c != '\n') {
						return false;
					}
					pendingCr = false;
				}
				else if (c == '\r') {
					pendingCr = true;
				}
				else if (c != '\n' && !(p == 0 && c == 0xEF) && !(p == 1 && c == 0xBB && (a[0] & 0xFF) == 0xEF)
						&& !(p == 2 && c == 0xBF && (a[0] & 0xFF) == 0xEF)) {
					return false;
				}
			}
			at += n;
		}
		return !pendingCr;
	}

	/** The bytes of the file this reader has consumed, from its split start. */
	public long bytesRead() {
		return Math.max(0, this.lexer.position() - this.start);
	}

	/**
	 * The records read, malformed ones included; the header and blank lines are not
	 * records.
	 */
	public long recordsRead() {
		return this.records;
	}

	/** The records that were malformed, whatever the mode did with them. */
	public long malformedRecords() {
		return this.malformed;
	}

	/**
	 * The schema of the batches: the projected columns of the file schema, in projection
	 * order.
	 */
	public Schema schema() {
		return this.fileSchema.project(this.projection);
	}

	/** The file being read. */
	public Path file() {
		return this.file;
	}

	@Override
	public void close() {
		closeQuietly();
	}

	private void closeQuietly() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// nothing was written; a failed close of a read channel loses nothing
		}
	}

}
