package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Works out the schema of a CSV file the way Spark does, without a full pass over a big
 * file.
 *
 * <p>
 * Names come from the header line (empty names become {@code _c<i>}; a name that appears
 * more than once, ignoring case, gets its column index appended, as in Spark) or are
 * {@code _c0, _c1, ...}. With {@code inferSchema}, types come from a sample: the first
 * {@value #HEAD_RECORDS} records, plus {@value #PROBE_RECORDS} records from each of
 * {@value #PROBES} offsets spread over the rest of a larger file (each starting at the
 * next line start; not for multiLine files, where a line start may be inside a quoted
 * field). Each value climbs Spark's ladder int, bigint, double, date, timestamp, boolean,
 * string; a column takes the widest type seen, where numbers widen to double, a date
 * widens to timestamp and any other mix is string. Empty and null values do not count; a
 * column with no value is string.
 */
public final class CsvSchemaInference {

	static final int HEAD_RECORDS = 20_000;

	static final int PROBE_RECORDS = 2_000;

	static final int PROBES = 4;

	private static final int MAX_COLUMNS = 20_000;

	private CsvSchemaInference() {
	}

	/**
	 * The schema of a file: the explicit {@code schema} option when given, else names and
	 * types as described above.
	 * @return the schema; empty for an empty file (the caller reports it)
	 * @throws CsvException when the file cannot be read
	 */
	public static Schema resolve(Path file, CsvOptions options) {
		Schema explicit = options.explicitSchema();
		if (explicit != null) {
			return explicit;
		}
		String fileName = String.valueOf(file.getFileName());
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			int bufferSize = (int) Math.min(1 << 20, size + 16);
			CsvLexer head = new CsvLexer(channel, fileName, 0, Long.MAX_VALUE, options, bufferSize, MAX_COLUMNS);
			if (!head.next()) {
				return new Schema(List.of());
			}
			List<String> names = new ArrayList<>();
			Sampler sampler = null;
			if (options.header()) {
				names = headerNames(head, options);
			}
			else {
				for (int i = 0; i < head.keptFields(); i++) {
					names.add("_c" + i);
				}
			}
			if (options.inferSchema()) {
				sampler = new Sampler(names.size(), options);
				int count = 0;
				boolean more = options.header() ? head.next() : true;
				while (more && count < HEAD_RECORDS) {
					sampler.add(head);
					count++;
					more = head.next();
				}
				long covered = head.position();
				if (more && !options.multiLine() && size > covered) {
					long span = size - covered;
					for (int p = 1; p <= PROBES; p++) {
						long at = covered + span * p / (PROBES + 1);
						CsvLexer probe = new CsvLexer(channel, fileName, at, Long.MAX_VALUE, options, 1 << 18,
								MAX_COLUMNS);
						for (int k = 0; k < PROBE_RECORDS && probe.next(); k++) {
							sampler.add(probe);
						}
					}
				}
			}
			List<Field> fields = new ArrayList<>(names.size());
			for (int i = 0; i < names.size(); i++) {
				DataType type = (sampler == null) ? DataType.STRING : sampler.type(i);
				fields.add(new Field(names.get(i), type));
			}
			return new Schema(fields);
		}
		catch (IOException ex) {
			throw new CsvException("cannot read " + fileName + ": " + ex.getMessage(), fileName, -1, ex);
		}
	}

	private static List<String> headerNames(CsvLexer lexer, CsvOptions options) {
		int n = lexer.keptFields();
		List<String> raw = new ArrayList<>(n);
		byte[] scratch = new byte[64];
		for (int i = 0; i < n; i++) {
			String name;
			if (lexer.isComplex(i)) {
				if (scratch.length < lexer.rawLength(i)) {
					scratch = new byte[lexer.rawLength(i)];
				}
				int len = lexer.decode(i, scratch);
				name = new String(scratch, 0, len, StandardCharsets.UTF_8);
			}
			else {
				int s = lexer.valueStart(i);
				name = new String(lexer.buffer(), s, lexer.valueEnd(i) - s, StandardCharsets.UTF_8);
			}
			raw.add((name.isEmpty() || name.equals(options.nullValue())) ? null : name);
		}
		Set<String> seen = new HashSet<>();
		Set<String> duplicated = new HashSet<>();
		for (String name : raw) {
			if (name != null && !seen.add(name.toLowerCase(Locale.ROOT))) {
				duplicated.add(name.toLowerCase(Locale.ROOT));
			}
		}
		List<String> names = new ArrayList<>(n);
		Set<String> taken = new HashSet<>();
		for (int i = 0; i < n; i++) {
			String name = raw.get(i);
			if (name == null) {
				name = "_c" + i;
			}
			else if (duplicated.contains(name.toLowerCase(Locale.ROOT))) {
				name = name + i;
			}
			String unique = name;
			for (int k = 1; !taken.add(unique.toLowerCase(Locale.ROOT)); k++) {
				unique = name + "_" + k;
			}
			names.add(unique);
		}
		return names;
	}

	/**
	 * The widest of two types on Spark's ladder; {@code null} means no value seen yet.
	 */
	static DataType merge(DataType a, DataType b) {
		if (a == null || a == b) {
			return b;
		}
		if (b == null) {
			return a;
		}
		if (rank(a) > 0 && rank(b) > 0) {
			return (rank(a) >= rank(b)) ? a : b;
		}
		if ((a == DataType.DATE || a == DataType.TIMESTAMP) && (b == DataType.DATE || b == DataType.TIMESTAMP)) {
			return DataType.TIMESTAMP;
		}
		return DataType.STRING;
	}

	private static int rank(DataType t) {
		return switch (t.kind()) {
			case INT -> 1;
			case BIGINT -> 2;
			case DOUBLE -> 3;
			default -> 0;
		};
	}

	/** Collects the widest type per column over sampled records. */
	static final class Sampler {

		private final DataType[] types;

		private final FieldParser parser;

		private final byte[] nullBytes;

		private byte[] scratch = new byte[256];

		Sampler(int columns, CsvOptions options) {
			this.types = new DataType[columns];
			this.parser = new FieldParser(options);
			this.nullBytes = options.nullValue().getBytes(StandardCharsets.UTF_8);
		}

		void add(CsvLexer lexer) {
			int n = Math.min(lexer.keptFields(), this.types.length);
			for (int i = 0; i < n; i++) {
				if (this.types[i] == DataType.STRING) {
					continue;
				}
				byte[] b;
				int s;
				int e;
				if (lexer.isComplex(i)) {
					if (this.scratch.length < lexer.rawLength(i)) {
						this.scratch = new byte[lexer.rawLength(i)];
					}
					b = this.scratch;
					s = 0;
					e = lexer.decode(i, b);
				}
				else {
					b = lexer.buffer();
					s = lexer.valueStart(i);
					e = lexer.valueEnd(i);
				}
				if (s == e || (this.nullBytes.length == e - s
						&& Arrays.equals(this.nullBytes, 0, this.nullBytes.length, b, s, e))) {
					continue;
				}
				this.types[i] = merge(this.types[i], infer(b, s, e, this.types[i]));
			}
		}

		/** The narrowest type of a value, trying only steps that could still matter. */
		private DataType infer(byte[] b, int s, int e, DataType current) {
			FieldParser p = this.parser;
			boolean numeric = current == null || rank(current) > 0;
			if (numeric) {
				if ((current == null || current == DataType.INT) && p.parseInt(b, s, e)) {
					return DataType.INT;
				}
				if (current != DataType.DOUBLE && p.parseLong(b, s, e)) {
					return DataType.BIGINT;
				}
				if (p.parseDouble(b, s, e)) {
					return DataType.DOUBLE;
				}
				if (current != null) {
					return DataType.STRING;
				}
			}
			boolean temporal = current == null || current == DataType.DATE || current == DataType.TIMESTAMP;
			if (temporal) {
				if (current != DataType.TIMESTAMP && p.parseDate(b, s, e)) {
					return DataType.DATE;
				}
				if (p.parseTimestamp(b, s, e)) {
					return DataType.TIMESTAMP;
				}
				if (current != null) {
					return DataType.STRING;
				}
			}
			if ((current == null || current == DataType.BOOLEAN) && p.parseBoolean(b, s, e)) {
				return DataType.BOOLEAN;
			}
			return DataType.STRING;
		}

		DataType type(int column) {
			DataType t = this.types[column];
			return (t == null) ? DataType.STRING : t;
		}

	}

}
