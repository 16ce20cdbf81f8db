package dev.kindling.engine.datasource.csv;

import java.util.Set;

import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.DecimalType;

/**
 * Spark 4's CSV type inference ({@code CSVInferSchema}), column by column over sampled
 * records.
 *
 * <p>
 * A value is tried from the column's type so far up Spark's ladder: int, bigint, decimal
 * (a whole number of up to 38 digits that is not a bigint), double (Java's syntax, or
 * {@code nanValue}, {@code positiveInf}, {@code negativeInf}), date ({@code yyyy-MM-dd}
 * strictly, or {@code dateFormat}), timestamp (Spark's lenient cast, or
 * {@code timestampFormat}), boolean, string; the column takes the common type of the two.
 * Numbers widen (int, bigint, decimal, double; decimal and double give double); a mix of
 * dates and timestamps is a timestamp when the timestamps are read without a pattern and
 * the dates with {@code yyyy-MM-dd} or another pattern that lenient cast reads
 * (SPARK-40474), else a string; any other mix is a string. Null and empty values do not
 * count; a column with no value is a string. So every sampled value reads in the type its
 * column gets.
 */
final class CsvTypeInference {

	/** The date patterns whose dates Spark's lenient timestamp cast also reads. */
	private static final Set<String> LENIENT_DATE_PATTERNS = Set.of("yyyy-MM-dd", "yyyy-M-d", "yyyy-M-dd", "yyyy-MM-d",
			"yyyy-MM", "yyyy-M", "yyyy");

	private final DataType[] types;

	private final FieldParser parser;

	private final FieldValue value;

	private final boolean datesAreTimestamps;

	private final String nullValue;

	private final java.nio.charset.Charset charset;

	CsvTypeInference(int columns, CsvOptions options) {
		this.nullValue = options.nullValue();
		this.charset = options.lexedCharset();
		this.types = new DataType[columns];
		this.parser = new FieldParser(options);
		this.value = new FieldValue(options);
		String datePattern = (options.dateFormat() == null) ? "yyyy-MM-dd" : options.dateFormat();
		this.datesAreTimestamps = options.timestampFormat() == null && LENIENT_DATE_PATTERNS.contains(datePattern);
	}

	/** Takes the values of the lexer's current record into account. */
	void add(CsvLexer lexer) {
		int n = Math.min(lexer.keptFields(), this.types.length);
		for (int i = 0; i < n; i++) {
			DataType soFar = this.types[i];
			if (soFar == DataType.STRING || !this.value.read(lexer, i)) {
				continue;
			}
			this.types[i] = inferField(soFar, this.value.b, this.value.s, this.value.e);
		}
	}

	/**
	 * The type of a column so far once it holds this value too (Spark's
	 * {@code inferField}), for a value as a record's text would give it.
	 */
	DataType inferValue(DataType soFar, String text) {
		if (text.isEmpty() || text.equals(this.nullValue)) {
			return soFar;
		}
		byte[] b = text.getBytes(this.charset);
		return inferField(soFar, b, 0, b.length);
	}

	private DataType inferField(DataType soFar, byte[] b, int s, int e) {
		if (s == e) {
			return soFar;
		}
		DataType t;
		if (soFar == null) {
			t = tryInt(b, s, e);
		}
		else {
			t = switch (soFar.kind()) {
				case INT -> tryInt(b, s, e);
				case BIGINT -> tryLong(b, s, e);
				case DECIMAL -> tryDecimal(b, s, e);
				case DOUBLE -> tryDouble(b, s, e);
				case DATE -> tryDate(b, s, e);
				case TIMESTAMP -> tryTimestamp(b, s, e);
				case BOOLEAN -> tryBoolean(b, s, e);
				default -> DataType.STRING;
			};
		}
		return merge(soFar, t);
	}

	/** The inferred type of a column: string when no value was seen. */
	DataType type(int column) {
		DataType t = this.types[column];
		return (t == null) ? DataType.STRING : t;
	}

	private DataType tryInt(byte[] b, int s, int e) {
		return this.parser.parseInt(b, s, e) ? DataType.INT : tryLong(b, s, e);
	}

	private DataType tryLong(byte[] b, int s, int e) {
		return this.parser.parseLong(b, s, e) ? DataType.BIGINT : tryDecimal(b, s, e);
	}

	private DataType tryDecimal(byte[] b, int s, int e) {
		FieldParser p = this.parser;
		if (p.inferDecimal(b, s, e) && p.decimalValue.scale() == 0 && p.decimalValue.precision() <= 38) {
			return DecimalType.of(p.decimalValue.precision(), 0);
		}
		return tryDouble(b, s, e);
	}

	private DataType tryDouble(byte[] b, int s, int e) {
		return this.parser.parseDouble(b, s, e) ? DataType.DOUBLE : tryDate(b, s, e);
	}

	private DataType tryDate(byte[] b, int s, int e) {
		return this.parser.inferDate(b, s, e) ? DataType.DATE : tryTimestamp(b, s, e);
	}

	private DataType tryTimestamp(byte[] b, int s, int e) {
		return this.parser.inferTimestamp(b, s, e) ? DataType.TIMESTAMP : tryBoolean(b, s, e);
	}

	private DataType tryBoolean(byte[] b, int s, int e) {
		return this.parser.parseBoolean(b, s, e) ? DataType.BOOLEAN : DataType.STRING;
	}

	/** The common type of two, {@code null} standing for no value yet. */
	DataType merge(DataType a, DataType b) {
		if (a == null || a == b) {
			return b;
		}
		if (b == null) {
			return a;
		}
		if ((a == DataType.DATE && b == DataType.TIMESTAMP) || (a == DataType.TIMESTAMP && b == DataType.DATE)) {
			return this.datesAreTimestamps ? DataType.TIMESTAMP : DataType.STRING;
		}
		int ra = rank(a);
		int rb = rank(b);
		if (ra > 0 && rb > 0) {
			if (a == DataType.DOUBLE || b == DataType.DOUBLE) {
				return DataType.DOUBLE;
			}
			if (a.isDecimal() || b.isDecimal()) {
				// Spark's wider decimal: decimal(20,0) holds every bigint
				return DecimalType.wider(DecimalType.forType(a), DecimalType.forType(b));
			}
			return (ra >= rb) ? a : b;
		}
		return DataType.STRING;
	}

	private static int rank(DataType t) {
		return switch (t.kind()) {
			case INT -> 1;
			case BIGINT -> 2;
			case DECIMAL -> 3;
			case DOUBLE -> 4;
			default -> 0;
		};
	}

}
