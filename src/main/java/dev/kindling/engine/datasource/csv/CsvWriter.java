package dev.kindling.engine.datasource.csv;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

import dev.kindling.engine.datasource.BatchWriter;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Decimals;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.types.Temporal;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * Writes batches to a CSV file that {@link CsvReader} reads back with the same options:
 * LF line ends, a header when {@code options.header()}, nulls as {@code nullValue}, dates
 * as {@code
 * yyyy-MM-dd} and timestamps as {@code yyyy-MM-dd HH:mm:ss[.SSSSSS]} (or the custom
 * patterns, in UTC). A string is quoted when it holds the separator, the quote or escape
 * character or a line break, when it starts with whitespace (so a blank line is never
 * written), when it is empty (written {@code ""}, which Spark's reader and this one read
 * as null with the default {@code nullValue}, as Spark's writer does) or when it equals
 * {@code nullValue}; inside quotes, quote and escape characters are escaped as Spark
 * does.
 */
public final class CsvWriter implements BatchWriter {

	private final String name;

	private final Schema schema;

	private final CsvOptions options;

	private final OutputStream out;

	private final byte[] sep;

	private final byte quote;

	private final byte escape;

	private final byte[] nullBytes;

	private final DateTimeFormatter dateFormatter;

	private final DateTimeFormatter timestampFormatter;

	private final byte[] number = new byte[32];

	private long rows;

	/**
	 * Starts a file on this stream (closed with the writer), with the header when asked.
	 * @param name the file, for errors
	 * @throws CsvException when the file cannot be written
	 */
	public CsvWriter(OutputStream out, String name, Schema schema, CsvOptions options) {
		this.name = name;
		this.schema = schema;
		this.options = options;
		this.sep = options.sep().getBytes(StandardCharsets.UTF_8);
		this.quote = (byte) (options.quote() == '\0' ? '"' : options.quote());
		this.escape = (byte) options.escape();
		this.nullBytes = options.nullValue().getBytes(StandardCharsets.UTF_8);
		this.dateFormatter = (options.dateFormat() == null) ? null
				: SparkDatePatterns.formatter(options.dateFormat(), options.locale(), false);
		this.timestampFormatter = (options.timestampFormat() == null) ? null
				: SparkDatePatterns.formatter(options.timestampFormat(), options.locale(), false);
		try {
			this.out = new BufferedOutputStream(out, 1 << 16);
			if (options.header()) {
				for (int c = 0; c < schema.size(); c++) {
					if (c > 0) {
						this.out.write(this.sep);
					}
					byte[] header = schema.field(c).name().getBytes(StandardCharsets.UTF_8);
					writeString(header, 0, header.length);
				}
				this.out.write('\n');
			}
		}
		catch (IOException ex) {
			throw failure(ex);
		}
	}

	/**
	 * Appends the rows of a batch, whose columns follow the writer's schema.
	 * @throws CsvException when the file cannot be written
	 */
	@Override
	public void write(Batch batch) {
		if (batch.columnCount() != this.schema.size()) {
			throw new IllegalArgumentException(
					"batch has " + batch.columnCount() + " columns, the schema " + this.schema.size());
		}
		try {
			int columns = batch.columnCount();
			for (int r = 0; r < batch.rowCount(); r++) {
				for (int c = 0; c < columns; c++) {
					if (c > 0) {
						this.out.write(this.sep);
					}
					writeValue(batch.column(c), r);
				}
				this.out.write('\n');
				this.rows++;
			}
		}
		catch (IOException ex) {
			throw failure(ex);
		}
	}

	private void writeValue(ColumnVector v, int row) throws IOException {
		if (v.isNull(row)) {
			this.out.write(this.nullBytes);
			return;
		}
		if (v instanceof StringVector s) {
			writeString(s.data(), s.start(row), s.length(row));
			return;
		}
		if (v instanceof LongVector l) {
			long x = l.get(row);
			switch (v.type().kind()) {
				case DATE -> writeText((this.dateFormatter == null) ? LocalDate.ofEpochDay(x).toString()
						: LocalDate.ofEpochDay(x).format(this.dateFormatter));
				case TIMESTAMP -> writeText(timestamp(x));
				default -> writeLong(x);
			}
			return;
		}
		if (v instanceof DoubleVector d) {
			double x = d.get(row);
			writeAscii(Double.isInfinite(x) ? (x > 0 ? "Infinity" : "-Infinity") : Double.toString(x));
			return;
		}
		if (v instanceof BooleanVector b) {
			writeAscii(b.get(row) ? "true" : "false");
			return;
		}
		writeAscii(Decimals.toText(((DecimalVector) v).get(row)));
	}

	private String timestamp(long micros) {
		LocalDateTime t = Temporal.fromMicros(micros);
		if (this.timestampFormatter != null) {
			return t.atOffset(ZoneOffset.UTC).format(this.timestampFormatter);
		}
		StringBuilder sb = new StringBuilder(26);
		sb.append(t.toLocalDate()).append(' ');
		two(sb, t.getHour()).append(':');
		two(sb, t.getMinute()).append(':');
		two(sb, t.getSecond());
		int fraction = t.getNano() / 1000;
		if (fraction != 0) {
			String f = Integer.toString(fraction + 1_000_000);
			sb.append('.').append(f, 1, 7);
		}
		return sb.toString();
	}

	private static StringBuilder two(StringBuilder sb, int v) {
		return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
	}

	private void writeText(String s) throws IOException {
		this.out.write(s.getBytes(StandardCharsets.UTF_8));
	}

	private void writeAscii(String s) throws IOException {
		for (int i = 0; i < s.length(); i++) {
			this.out.write(s.charAt(i));
		}
	}

	private void writeLong(long x) throws IOException {
		if (x == Long.MIN_VALUE) {
			writeAscii(Long.toString(x));
			return;
		}
		int i = this.number.length;
		boolean negative = x < 0;
		long v = negative ? -x : x;
		do {
			this.number[--i] = (byte) ('0' + v % 10);
			v /= 10;
		}
		while (v != 0);
		if (negative) {
			this.number[--i] = '-';
		}
		this.out.write(this.number, i, this.number.length - i);
	}

	private void writeString(byte[] b, int s, int length) throws IOException {
		boolean needsQuotes = length == 0
				|| (length == this.nullBytes.length && Arrays.equals(b, s, s + length, this.nullBytes, 0, length))
				|| (b[s] & 0xFF) <= ' ';
		for (int i = s; i < s + length && !needsQuotes; i++) {
			byte c = b[i];
			needsQuotes = c == this.sep[0] || c == this.quote || c == this.escape || c == '\n' || c == '\r';
		}
		if (!needsQuotes) {
			this.out.write(b, s, length);
			return;
		}
		boolean escaping = this.escape != 0 && this.escape != this.quote;
		this.out.write(this.quote);
		for (int i = s; i < s + length; i++) {
			byte c = b[i];
			if (c == this.quote) {
				this.out.write(escaping ? this.escape : this.quote);
			}
			else if (escaping && c == this.escape) {
				this.out.write(this.escape);
			}
			this.out.write(c);
		}
		this.out.write(this.quote);
	}

	/** The rows written so far, not counting the header. */
	@Override
	public long rowsWritten() {
		return this.rows;
	}

	/** The file being written. */
	public String name() {
		return this.name;
	}

	/** The options the file is written with. */
	public CsvOptions options() {
		return this.options;
	}

	@Override
	public void close() {
		try {
			this.out.close();
		}
		catch (IOException ex) {
			throw failure(ex);
		}
	}

	private CsvException failure(IOException ex) {
		return new CsvException("cannot write " + this.name + ": " + ex.getMessage(), this.name, -1, ex);
	}

}
