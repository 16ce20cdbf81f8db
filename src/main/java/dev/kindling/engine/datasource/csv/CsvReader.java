package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import dev.kindling.engine.datasource.BatchReader;
import dev.kindling.engine.cancel.Cancellation;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.storage.InputFile;
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
 * the byte order mark, and the header (the first line that is not blank or a comment) is
 * dropped by whichever split holds it.
 *
 * <p>
 * Values follow Spark: an unquoted empty field is null; a quoted empty field {@code ""}
 * reads as {@code emptyValue}; then a value equal to {@code nullValue} is null (so with
 * the defaults both are null). Numbers, dates and timestamps convert as
 * {@link FieldParser} says; a {@code char(n)} column is padded with spaces to {@code n}
 * characters. A record with the wrong number of fields, a value that does not convert, an
 * unterminated quote or a record over the record limit is malformed and handled by the
 * {@link CsvOptions.Mode}: PERMISSIVE keeps it with nulls where values are missing or
 * bad, DROPMALFORMED drops it, FAILFAST throws a {@link CsvException} naming the file and
 * line.
 *
 * <p>
 * A {@code .gz} file is uncompressed as it is read, whole (its only split starts at 0).
 * Not thread-safe; one reader per task.
 */
public final class CsvReader implements BatchReader {

	private static final int BUFFER_SIZE = 1 << 20;

	private final InputFile file;

	private final String fileName;

	private final CsvOptions options;

	private final Schema fileSchema;

	private final int[] projection;

	private final DataType[] types;

	/** The char length of each projected column, or 0. */
	private final int[] charLengths;

	private final CsvSource source;

	private final CsvLexer lexer;

	private final FieldParser parser;

	private final FieldValue value;

	/** The charset of the lexed bytes, when strings must be decoded from it to UTF-8. */
	private final Charset decodeFrom;

	private final long start;

	private long endLimit;

	private boolean finished;

	private long records;

	private long malformed;

	/**
	 * Opens a split for reading.
	 * @param file the CSV file, closed when the reader is
	 * @param split the byte range to read
	 * @param options the source options
	 * @param fileSchema the schema of all the file's columns
	 * @param projection the file column indexes to output, in output order
	 * @throws CsvException when the file cannot be opened
	 */
	public CsvReader(InputFile file, FileSplit split, CsvOptions options, Schema fileSchema, int[] projection) {
		this.file = file;
		this.fileName = file.name();
		this.options = options;
		this.fileSchema = fileSchema;
		this.projection = projection.clone();
		this.types = new DataType[projection.length];
		this.charLengths = new int[projection.length];
		for (int j = 0; j < projection.length; j++) {
			if (projection[j] < 0 || projection[j] >= fileSchema.size()) {
				throw new IllegalArgumentException(
						"projection index " + projection[j] + " is outside the schema of " + fileSchema.size());
			}
			this.types[j] = fileSchema.field(projection[j]).type();
			this.charLengths[j] = fileSchema.field(projection[j]).charLength();
		}
		this.parser = new FieldParser(options);
		Charset lexed = options.lexedCharset();
		this.value = new FieldValue(options);
		this.decodeFrom = lexed.equals(StandardCharsets.UTF_8) ? null : lexed;
		this.start = split.start();
		this.source = CsvSource.open(file, options);
		boolean splittable = options.splittable() && !CsvSource.compressed(this.fileName);
		try {
			long size = this.source.size();
			long remaining = (size < 0) ? BUFFER_SIZE : Math.max(0, size - split.start());
			int bufferSize = (int) Math.min(BUFFER_SIZE, Math.max(4096, remaining + 1));
			this.endLimit = splittable ? split.end() : Long.MAX_VALUE;
			// a split of no bytes owns no line (at offset 0 too, where the rule would
			// give it line 1)
			this.finished = split.length() == 0;
			// keep the boundaries of the fields up to the last one read; the others are
			// only counted
			int needed = 1;
			for (int c : projection) {
				needed = Math.max(needed, c + 1);
			}
			long lexStart = splittable ? split.start() : 0;
			this.lexer = new CsvLexer(this.source, this.fileName, lexStart, this.endLimit, options, bufferSize, needed);
			if (options.header() && !this.finished && (lexStart == 0 || noRecordBefore(this.lexer.position()))) {
				// the header is the first record, wherever blank and comment lines put it
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

	/** How many bytes a batch reads between checks of its task's cancellation. */
	private static final long CHECK_BYTES = 1 << 20;

	/**
	 * The next rows of the split, up to {@link ColumnVector#BATCH_SIZE}, or {@code null}
	 * at the end.
	 * @throws CsvException for a malformed record under FAILFAST, or an I/O failure
	 */
	@Override
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
		// a batch of big records is long work: the task's cancellation is checked every
		// megabyte read
		long checkAt = lx.position() + CHECK_BYTES;
		while (rows < capacity) {
			if (lx.position() >= checkAt) {
				Cancellation.check();
				checkAt = lx.position() + CHECK_BYTES;
			}
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
				if (c >= kept || !value(c)) {
					nulls[j] = markNull(nulls[j], rows, capacity);
					continue;
				}
				byte[] b = this.value.b;
				int s = this.value.s;
				int e = this.value.e;
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
						appendString(strings[j], this.projection[j], kept, this.charLengths[j]);
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

	private boolean value(int c) {
		return this.value.read(this.lexer, c);
	}

	private void appendString(StringVector out, int c, int kept, int charLength) {
		if (c >= kept || !value(c)) {
			out.appendNull();
			return;
		}
		FieldValue v = this.value;
		if (charLength == 0 && (this.decodeFrom == null || ascii(v.b, v.s, v.e))) {
			out.append(v.b, v.s, v.e - v.s);
			return;
		}
		String text = new String(v.b, v.s, v.e - v.s,
				(this.decodeFrom == null) ? StandardCharsets.UTF_8 : this.decodeFrom);
		int missing = charLength - text.codePointCount(0, text.length());
		out.append((missing > 0) ? text + " ".repeat(missing) : text);
	}

	private static boolean ascii(byte[] b, int s, int e) {
		for (int i = s; i < e; i++) {
			if (b[i] < 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean[] markNull(boolean[] mask, int row, int capacity) {
		boolean[] m = (mask != null) ? mask : new boolean[capacity];
		m[row] = true;
		return m;
	}

	private String preview(byte[] b, int s, int e) {
		String v = new String(b, s, Math.min(e - s, 200), this.options.lexedCharset());
		return (v.length() > 64) ? v.substring(0, 64) + "..." : v;
	}

	private CsvException fail(String reason) {
		return CsvException.malformed(this.fileName, lineOf(this.lexer.recordOffset()), reason);
	}

	/**
	 * The 1-based line at this offset, by counting line ends before it (only when
	 * failing).
	 */
	private long lineOf(long offset) {
		if (offset < 0) {
			return -1;
		}
		CsvFieldDecoder syntax = new CsvFieldDecoder(this.options);
		long line = 1;
		ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
		byte[] a = chunk.array();
		long at = 0;
		int carry = 0;
		try (CsvSource counting = this.source.reopen()) {
			while (at < offset) {
				chunk.clear();
				chunk.position(carry);
				chunk.limit((int) Math.min(a.length, carry + offset - at));
				int n = counting.read(chunk, at);
				if (n <= 0) {
					break;
				}
				int lim = carry + n;
				boolean last = at + n >= offset;
				int i = 0;
				while (i < lim) {
					int len = syntax.lineEndAt(a, i, lim, last);
					if (len < 0) {
						break;
					}
					if (len > 0) {
						line++;
						i += len;
					}
					else {
						i++;
					}
				}
				carry = lim - i;
				System.arraycopy(a, i, a, 0, carry);
				at += n;
			}
			return line;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * Whether no record of the file starts before this offset (only a byte order mark,
	 * blank and comment lines lie before it).
	 */
	private boolean noRecordBefore(long offset) throws IOException {
		if (offset <= 0) {
			return true;
		}
		try (CsvSource from0 = this.source.reopen()) {
			CsvLexer before = new CsvLexer(from0, this.fileName, 0, offset - 1, this.options, 1 << 16, 1);
			return !before.next();
		}
	}

	/** The bytes of the file this reader has consumed, from its split start. */
	@Override
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
	public InputFile file() {
		return this.file;
	}

	@Override
	public void close() {
		closeQuietly();
	}

	private void closeQuietly() {
		try {
			if (this.source != null) {
				this.source.close();
			}
		}
		catch (IOException ex) {
			// nothing was written; a failed close of a read channel loses nothing
		}
	}

}
