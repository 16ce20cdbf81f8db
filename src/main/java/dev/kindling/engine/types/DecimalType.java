package dev.kindling.engine.types;

/**
 * {@code decimal(precision, scale)}: exact numbers of at most {@code precision} digits,
 * {@code scale} of them after the point, as Spark's {@code DecimalType}: precision 1 to
 * 38, scale 0 to precision. Values are held as an unscaled integer with the type's scale
 * ({@code 12.30} in {@code decimal(4,2)} is 1230), a {@code long} whenever it fits one.
 *
 * <p>
 * Instances are canonical: {@link #of} returns the same object for the same precision and
 * scale, so decimal types compare with {@code ==} like every other type.
 */
public final class DecimalType extends DataType {

	/** The largest precision, as Spark's. */
	public static final int MAX_PRECISION = 38;

	/** The largest precision whose every unscaled value fits a {@code long}. */
	public static final int MAX_LONG_DIGITS = 18;

	/**
	 * The scale arithmetic keeps at least when a result is cut to 38 digits (Spark's
	 * {@code MINIMUM_ADJUSTED_SCALE}).
	 */
	public static final int MINIMUM_ADJUSTED_SCALE = 6;

	private static final DecimalType[][] ALL = new DecimalType[MAX_PRECISION + 1][];

	static {
		for (int p = 1; p <= MAX_PRECISION; p++) {
			ALL[p] = new DecimalType[p + 1];
			for (int s = 0; s <= p; s++) {
				ALL[p][s] = new DecimalType(p, s);
			}
		}
	}

	/** {@code decimal} alone: {@code decimal(10,0)}, as Spark's {@code USER_DEFAULT}. */
	public static final DecimalType USER_DEFAULT = of(10, 0);

	/** What an int widens to: {@code decimal(10,0)}. */
	public static final DecimalType INT_DECIMAL = of(10, 0);

	/** What a bigint widens to: {@code decimal(20,0)}. */
	public static final DecimalType BIGINT_DECIMAL = of(20, 0);

	private final int precision;

	private final int scale;

	private DecimalType(int precision, int scale) {
		super(Kind.DECIMAL, "decimal(" + precision + "," + scale + ")");
		this.precision = precision;
		this.scale = scale;
	}

	/**
	 * The type {@code decimal(precision, scale)}.
	 * @throws IllegalArgumentException unless {@code 1 <= precision <= 38} and
	 * {@code 0 <= scale <= precision}, with Spark's error class in the message
	 */
	public static DecimalType of(int precision, int scale) {
		if (precision > MAX_PRECISION) {
			throw new IllegalArgumentException("[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision "
					+ precision + " exceeds max precision " + MAX_PRECISION + ".");
		}
		if (precision < 1) {
			throw new IllegalArgumentException("[INVALID_PARAMETER_VALUE] decimal precision must be between 1 and "
					+ MAX_PRECISION + ", got " + precision + ".");
		}
		if (scale < 0) {
			throw new IllegalArgumentException(
					"[NEGATIVE_SCALE_DISALLOWED] Negative scale is not allowed: " + scale + ".");
		}
		if (scale > precision) {
			throw new IllegalArgumentException("[DECIMAL_SCALE_EXCEEDS_PRECISION] decimal(" + precision + "," + scale
					+ ") has a scale larger than its precision.");
		}
		return ALL[precision][scale];
	}

	/**
	 * Spark's {@code DecimalType.bounded}: precision and scale each cut to 38 (the scale
	 * never above the precision).
	 */
	public static DecimalType bounded(int precision, int scale) {
		int s = Math.min(Math.max(scale, 0), MAX_PRECISION);
		int p = Math.min(Math.max(precision, 1), MAX_PRECISION);
		return of(Math.max(p, s), s);
	}

	/**
	 * Spark's {@code DecimalType.adjustPrecisionScale} (with
	 * {@code allowPrecisionLoss=true}): a result type of more than 38 digits keeps 38,
	 * giving up fraction digits down to {@link #MINIMUM_ADJUSTED_SCALE} (or fewer if the
	 * scale was already smaller) before any digit of the integer part.
	 */
	public static DecimalType adjusted(int precision, int scale) {
		if (precision <= MAX_PRECISION) {
			return of(precision, scale);
		}
		int intDigits = precision - scale;
		int minScale = Math.min(scale, MINIMUM_ADJUSTED_SCALE);
		int adjustedScale = Math.max(MAX_PRECISION - intDigits, minScale);
		return of(MAX_PRECISION, adjustedScale);
	}

	/**
	 * The decimal type that holds every value of {@code type} exactly: itself for a
	 * decimal, {@code decimal(10,0)} for an int, {@code decimal(20,0)} for a bigint (as
	 * Spark's {@code DecimalType.forType}); {@code null} for any other type.
	 */
	public static DecimalType forType(DataType type) {
		return switch (type.kind()) {
			case DECIMAL -> (DecimalType) type;
			case INT -> INT_DECIMAL;
			case BIGINT -> BIGINT_DECIMAL;
			default -> null;
		};
	}

	/**
	 * The smallest decimal type that holds the integer {@code value} ({@code 100} is
	 * {@code decimal(3,0)}), as Spark types an integer literal met with a decimal.
	 */
	public static DecimalType forLiteral(long value) {
		int digits = Decimals.digits(value);
		return of(Math.max(digits, 1), 0);
	}

	/**
	 * Spark's {@code widerDecimalType}: the type two decimals meet in for a comparison, a
	 * CASE or a union: the larger scale and the larger integer part, bounded to 38.
	 */
	public static DecimalType wider(DecimalType a, DecimalType b) {
		int scale = Math.max(a.scale, b.scale);
		int range = Math.max(a.precision - a.scale, b.precision - b.scale);
		return bounded(range + scale, scale);
	}

	public int precision() {
		return this.precision;
	}

	public int scale() {
		return this.scale;
	}

	/** Whether every value of this type has an unscaled value that fits a long. */
	public boolean isCompact() {
		return this.precision <= MAX_LONG_DIGITS;
	}

}
