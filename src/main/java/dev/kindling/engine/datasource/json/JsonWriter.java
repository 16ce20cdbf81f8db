package dev.kindling.engine.datasource.json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import dev.kindling.engine.datasource.BatchWriter;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;
import dev.kindling.engine.vector.DecimalVector;
import dev.kindling.engine.vector.DoubleVector;
import dev.kindling.engine.vector.LongVector;
import dev.kindling.engine.vector.StringVector;

/**
 * Writes JSON Lines as Spark's {@code json} writer does: one object a row, fields in
 * column order, null fields left out ({@code ignoreNullFields}), dates
 * {@code yyyy-MM-dd}, timestamps ISO 8601 in UTC ({@code 2026-01-31T12:00:00.000Z}),
 * decimals as plain numbers, {@code NaN} and infinities as Spark writes them
 * ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} strings, which its reader and
 * this one read back into a double column). A column named {@code a.b} is written as that
 * key, not nested again.
 */
final class JsonWriter implements BatchWriter {

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private final OutputStream out;

	private final String name;

	private final byte[][] keys;

	private long rows;

	JsonWriter(OutputStream out, String name, Schema schema) {
		this.out = new BufferedOutputStream(out, 1 << 16);
		this.name = name;
		this.keys = new byte[schema.size()][];
		for (int c = 0; c < schema.size(); c++) {
			try (java.io.ByteArrayOutputStream key = new java.io.ByteArrayOutputStream()) {
				byte[] raw = schema.field(c).name().getBytes(StandardCharsets.UTF_8);
				quoted(key, raw, 0, raw.length);
				key.write(':');
				this.keys[c] = key.toByteArray();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	@Override
	public void write(Batch batch) {
		try {
			for (int r = 0; r < batch.rowCount(); r++) {
				this.out.write('{');
				boolean first = true;
				for (int c = 0; c < batch.columnCount(); c++) {
					ColumnVector v = batch.column(c);
					if (v.isNull(r)) {
						continue;
					}
					if (!first) {
						this.out.write(',');
					}
					first = false;
					this.out.write(this.keys[c]);
					value(v, r);
				}
				this.out.write('}');
				this.out.write('\n');
				this.rows++;
			}
		}
		catch (IOException ex) {
			throw new JsonException("cannot write " + this.name + ": " + ex.getMessage(), ex);
		}
	}

	private void value(ColumnVector v, int r) throws IOException {
		if (v instanceof StringVector s) {
			quoted(this.out, s.data(), s.start(r), s.length(r));
		}
		else if (v instanceof LongVector l) {
			long x = l.get(r);
			switch (v.type().kind()) {
				case DATE -> ascii("\"" + LocalDate.ofEpochDay(x) + "\"");
				case TIMESTAMP -> ascii("\"" + JsonTemporal.format(x) + "\"");
				default -> ascii(Long.toString(x));
			}
		}
		else if (v instanceof DoubleVector d) {
			double x = d.get(r);
			ascii(Double.isNaN(x) ? "\"NaN\""
					: Double.isInfinite(x) ? (x > 0 ? "\"Infinity\"" : "\"-Infinity\"") : Double.toString(x));
		}
		else if (v instanceof BooleanVector b) {
			ascii(b.get(r) ? "true" : "false");
		}
		else {
			ascii(((DecimalVector) v).get(r).toPlainString());
		}
	}

	private void ascii(String s) throws IOException {
		for (int i = 0; i < s.length(); i++) {
			this.out.write(s.charAt(i));
		}
	}

	private static void quoted(OutputStream out, byte[] b, int from, int length) throws IOException {
		out.write('"');
		int runStart = from;
		int end = from + length;
		for (int i = from; i < end; i++) {
			int c = b[i] & 0xff;
			if (c >= 0x20 && c != '"' && c != '\\') {
				continue;
			}
			out.write(b, runStart, i - runStart);
			runStart = i + 1;
			switch (c) {
				case '"' -> out.write(new byte[] { '\\', '"' });
				case '\\' -> out.write(new byte[] { '\\', '\\' });
				case '\n' -> out.write(new byte[] { '\\', 'n' });
				case '\r' -> out.write(new byte[] { '\\', 'r' });
				case '\t' -> out.write(new byte[] { '\\', 't' });
				default -> out.write(new byte[] { '\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 15] });
			}
		}
		out.write(b, runStart, end - runStart);
		out.write('"');
	}

	@Override
	public long rowsWritten() {
		return this.rows;
	}

	@Override
	public void close() {
		try {
			this.out.close();
		}
		catch (IOException ex) {
			throw new JsonException("cannot write " + this.name + ": " + ex.getMessage(), ex);
		}
	}

}
