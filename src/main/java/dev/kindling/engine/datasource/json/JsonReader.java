package dev.kindling.engine.datasource.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import dev.kindling.engine.datasource.BatchReader;
import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.json.JsonLine.Kind;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;
import dev.kindling.engine.types.Decimals;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * Reads a byte range of a JSON Lines file into column batches, as Spark's {@code json}
 * source reads it: a column takes the leaf of its name (nested objects flattened to
 * {@code a.b}); a missing field is null; blank lines are skipped. A value is converted
 * only where Spark converts it: a number to an integral column only when integral and in
 * range, any value to a string column as its JSON text, a string to a date
 * ({@code yyyy-MM-dd}) or a timestamp (ISO 8601, {@code T} or a space before the time, an
 * offset converted to UTC). A value that does not convert is bad; a line that is not one
 * JSON object is malformed. {@code PERMISSIVE} makes a bad value null and a malformed
 * line a row of nulls, {@code DROPMALFORMED} drops either line, {@code FAILFAST} fails
 * naming the file and line.
 */
final class JsonReader implements BatchReader {

	private final JsonLines lines;

	private final JsonOptions options;

	private final String name;

	private final DataType[] types;

	private final byte[][] names;

	private final JsonLine line = new JsonLine();

	/** For each output column, the leaf of the current line, or -1. */
	private final int[] leafOf;

	/** For each leaf position, the output column it matched last time (a guess). */
	private int[] hint = new int[16];

	private final long[] longs;

	private final double[] doubles;

	private final Object[] objects;

	private final boolean[] nulls;

	private String bad;

	JsonReader(InputFile file, FileSplit range, JsonOptions options, Schema fileSchema, int[] projection) {
		this.options = options;
		this.name = file.name();
		int n = projection.length;
		this.types = new DataType[n];
		this.names = new byte[n][];
		for (int i = 0; i < n; i++) {
			this.types[i] = fileSchema.field(projection[i]).type();
			this.names[i] = fileSchema.field(projection[i]).name().getBytes(StandardCharsets.UTF_8);
		}
		this.leafOf = new int[n];
		this.longs = new long[n];
		this.doubles = new double[n];
		this.objects = new Object[n];
		this.nulls = new boolean[n];
		java.util.Arrays.fill(this.hint, -1);
		this.lines = new JsonLines(file, range);
	}

	@Override
	public Batch next() {
		int n = this.types.length;
		ColumnVector[] columns = new ColumnVector[n];
		for (int c = 0; c < n; c++) {
			columns[c] = ColumnVector.allocate(this.types[c], 256);
		}
		int rows = 0;
		while (rows < ColumnVector.BATCH_SIZE && this.lines.next()) {
			JsonLine.Outcome outcome = this.line.parse(this.lines.buffer(), this.lines.lineStart, this.lines.lineEnd);
			if (outcome == JsonLine.Outcome.BLANK) {
				continue;
			}
			if (outcome == JsonLine.Outcome.MALFORMED) {
				if (this.options.failFast()) {
					throw new JsonException("malformed JSON record at " + where() + ": " + this.line.error);
				}
				if (this.options.dropMalformed()) {
					continue;
				}
				for (int c = 0; c < n; c++) {
					columns[c].appendNull();
				}
				rows++;
				continue;
			}
			if (!convert()) {
				if (this.options.failFast()) {
					throw new JsonException("malformed JSON record at " + where() + ": " + this.bad);
				}
				if (this.options.dropMalformed()) {
					continue;
				}
			}
			append(columns);
			rows++;
		}
		return rows == 0 ? null : new Batch(columns, rows);
	}

	private String where() {
		return this.name + (this.lines.lineNumber > 0 ? " line " + this.lines.lineNumber
				: " (the line at byte " + this.lines.offset + ")");
	}

	/**
	 * Converts the current line's leaves into the scratch values; false when one did not
	 * convert (it is then null, and {@link #bad} says why).
	 */
	private boolean convert() {
		int n = this.types.length;
		java.util.Arrays.fill(this.leafOf, -1);
		if (this.hint.length < this.line.count) {
			int old = this.hint.length;
			this.hint = java.util.Arrays.copyOf(this.hint, Math.max(old * 2, this.line.count));
			java.util.Arrays.fill(this.hint, old, this.hint.length, -1);
		}
		for (int leaf = 0; leaf < this.line.count; leaf++) {
			int column = this.hint[leaf];
			if (column < 0 || !this.line.pathEquals(leaf, this.names[column])) {
				column = -1;
				for (int c = 0; c < n; c++) {
					if (this.line.pathEquals(leaf, this.names[c])) {
						column = c;
						break;
					}
				}
				this.hint[leaf] = column;
			}
			if (column >= 0) {
				this.leafOf[column] = leaf;
			}
		}
		boolean ok = true;
		this.bad = null;
		for (int c = 0; c < n; c++) {
			int leaf = this.leafOf[c];
			this.nulls[c] = true;
			if (leaf < 0 || this.line.kind(leaf) == Kind.NULL) {
				continue;
			}
			if (!value(c, leaf)) {
				ok = false;
				if (this.bad == null) {
					this.bad = "field '" + new String(this.names[c], StandardCharsets.UTF_8) + "' holds "
							+ describe(leaf) + ", not a " + this.types[c].sqlName();
				}
			}
		}
		return ok;
	}

	private String describe(int leaf) {
		Kind kind = this.line.kind(leaf);
		if (kind == Kind.OBJECT || kind == Kind.ARRAY) {
			return kind == Kind.OBJECT ? "an object" : "an array";
		}
		String text = kind == Kind.STRING ? "\"" + this.line.text(leaf) + "\"" : this.line.text(leaf);
		return text.length() > 40 ? text.substring(0, 37) + "..." : text;
	}

	/** Converts one leaf for column {@code c}; false when it does not convert. */
	private boolean value(int c, int leaf) {
		Kind kind = this.line.kind(leaf);
		byte[] v = this.line.values;
		int start = this.line.valueStart[leaf];
		int length = this.line.valueLength[leaf];
		switch (this.types[c].kind()) {
			case STRING -> {
				if (kind == Kind.OBJECT) {
					return false;
				}
				this.nulls[c] = false;
				this.longs[c] = ((long) start << 32) | length;
				return true;
			}
			case INT, BIGINT -> {
				if (kind != Kind.INTEGER) {
					return false;
				}
				Long x = parseLong(v, start, length);
				if (x == null || (this.types[c] == DataType.INT && (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE))) {
					return false;
				}
				this.longs[c] = x;
			}
			case DOUBLE -> {
				if (kind == Kind.INTEGER || kind == Kind.FLOAT || kind == Kind.NONFINITE) {
					this.doubles[c] = parseDouble(this.line.text(leaf));
				}
				else if (kind == Kind.STRING && nonFinite(this.line.text(leaf))) {
					this.doubles[c] = parseDouble(this.line.text(leaf));
				}
				else {
					return false;
				}
			}
			case DECIMAL -> {
				if (kind != Kind.INTEGER && kind != Kind.FLOAT) {
					return false;
				}
				BigDecimal d = Decimals.toPrecision(new BigDecimal(this.line.text(leaf)), (DecimalType) this.types[c]);
				if (d == null) {
					return false;
				}
				this.objects[c] = d;
			}
			case BOOLEAN -> {
				if (kind != Kind.TRUE && kind != Kind.FALSE) {
					return false;
				}
				this.longs[c] = kind == Kind.TRUE ? 1 : 0;
			}
			case DATE -> {
				if (kind != Kind.STRING) {
					return false;
				}
				Long days = JsonTemporal.date(this.line.text(leaf));
				if (days == null) {
					return false;
				}
				this.longs[c] = days;
			}
			case TIMESTAMP -> {
				if (kind != Kind.STRING) {
					return false;
				}
				Long micros = JsonTemporal.timestamp(this.line.text(leaf));
				if (micros == null) {
					return false;
				}
				this.longs[c] = micros;
			}
			default -> {
				return false;
			}
		}
		this.nulls[c] = false;
		return true;
	}

	private static boolean nonFinite(String s) {
		return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity") || s.equals("+Infinity");
	}

	private static double parseDouble(String s) {
		return switch (s) {
			case "NaN" -> Double.NaN;
			case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
			case "-Infinity" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(s);
		};
	}

	/** A JSON integer's value, or null past the long range. */
	static Long parseLong(byte[] v, int start, int length) {
		int i = start;
		int end = start + length;
		boolean negative = v[i] == '-';
		if (negative) {
			i++;
		}
		long x = 0;
		for (; i < end; i++) {
			int d = v[i] - '0';
			if (x < (Long.MIN_VALUE + d) / 10) {
				return null;
			}
			x = x * 10 - d;
		}
		if (!negative) {
			if (x == Long.MIN_VALUE) {
				return null;
			}
			x = -x;
		}
		return x;
	}

	private void append(ColumnVector[] columns) {
		for (int c = 0; c < columns.length; c++) {
			ColumnVector col = columns[c];
			if (this.nulls[c]) {
				col.appendNull();
				continue;
			}
			if (col instanceof StringVector s) {
				s.append(this.line.values, (int) (this.longs[c] >>> 32), (int) (this.longs[c] & 0xffffffffL));
			}
			else if (col instanceof LongVector l) {
				l.append(this.longs[c]);
			}
			else if (col instanceof DoubleVector d) {
				d.append(this.doubles[c]);
			}
			else if (col instanceof BooleanVector b) {
				b.append(this.longs[c] != 0);
			}
			else {
				((DecimalVector) col).append((BigDecimal) this.objects[c]);
			}
		}
	}

	@Override
	public long bytesRead() {
		return this.lines.bytesRead();
	}

	@Override
	public void close() {
		this.lines.close();
	}

}
