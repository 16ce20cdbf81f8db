package dev.kindling.engine.types;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code decimal(p,s)} as a type: Spark's bounds and names, canonical instances, the
 * adjustment to 38 digits, and the unscaled-value arithmetic every evaluator shares,
 * including values at the edge of a long and text whose exponent or length is huge.
 */
class DecimalTypeTest {

	@Test
	void decimalTypesHaveSparksBoundsAndNames() {
		assertThat(DataType.decimal(15, 2).sqlName()).isEqualTo("decimal(15,2)");
		assertThat(DataType.parse("DECIMAL(15, 2)")).isSameAs(DataType.decimal(15, 2));
		assertThat(DataType.parse("numeric(5)")).isSameAs(DataType.decimal(5, 0));
		assertThat(DataType.parse("dec")).isSameAs(DataType.decimal(10, 0));
		assertThat(DataType.parse("decimal")).isSameAs(DecimalType.USER_DEFAULT);
		assertThat(DataType.decimal(38, 38).precision()).isEqualTo(38);
		assertThat(DataType.decimal(15, 2).kind()).isEqualTo(DataType.Kind.DECIMAL);
		assertThat(DataType.decimal(15, 2).isNumeric()).isTrue();
		assertThat(DataType.decimal(18, 2).isCompact()).isTrue();
		assertThat(DataType.decimal(19, 2).isCompact()).isFalse();
		assertThatThrownBy(() -> DataType.parse("decimal(39,2)")).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max precision 38.");
		assertThatThrownBy(() -> DataType.parse("decimal(99999999999999999999,2)"))
			.hasMessageContaining("exceeds max precision 38");
		assertThatThrownBy(() -> DataType.parse("decimal(0)")).hasMessageContaining("between 1 and 38");
		assertThatThrownBy(() -> DataType.parse("decimal(5,6)")).hasMessageStartingWith("[DECIMAL_SCALE_EXCEEDS");
		assertThat(Schema.parse("price DECIMAL(15,2), qty NUMERIC(10, 0) NOT NULL").toDdl())
			.isEqualTo("price decimal(15,2), qty decimal(10,0)");
	}

	@Test
	void resultTypesAreCutTo38DigitsKeepingAtLeastSixOfScale() {
		assertThat(DecimalType.adjusted(38, 10)).isSameAs(DataType.decimal(38, 10));
		assertThat(DecimalType.adjusted(49, 6)).isSameAs(DataType.decimal(38, 6));
		assertThat(DecimalType.adjusted(40, 18)).isSameAs(DataType.decimal(38, 16));
		assertThat(DecimalType.adjusted(77, 36)).isSameAs(DataType.decimal(38, 6));
		assertThat(DecimalType.adjusted(45, 2)).isSameAs(DataType.decimal(38, 2));
		assertThat(DecimalType.bounded(48, 40)).isSameAs(DataType.decimal(38, 38));
		assertThat(DecimalType.wider(DataType.decimal(2, 1), DecimalType.INT_DECIMAL))
			.isSameAs(DataType.decimal(11, 1));
		assertThat(DecimalType.forLiteral(100)).isSameAs(DataType.decimal(3, 0));
		assertThat(DecimalType.forLiteral(0)).isSameAs(DataType.decimal(1, 0));
		assertThat(DecimalType.forLiteral(Long.MIN_VALUE)).isSameAs(DataType.decimal(19, 0));
	}

	@Test
	void unscaledArithmeticRoundsHalfUpAndKnowsTheLongBoundary() {
		assertThat(Decimals.roundDown(1250, 2)).isEqualTo(13);
		assertThat(Decimals.roundDown(-1250, 2)).isEqualTo(-13);
		assertThat(Decimals.roundDown(1249, 2)).isEqualTo(12);
		assertThat(Decimals.roundDown(Long.MAX_VALUE, 18)).isEqualTo(9);
		assertThat(Decimals.roundDown(Long.MAX_VALUE, 19)).isEqualTo(1);
		assertThat(Decimals.roundDown(Long.MIN_VALUE, 19)).isEqualTo(-1);
		assertThat(Decimals.roundDown(4_999_999_999_999_999_999L, 19)).isEqualTo(0);
		assertThat(Decimals.roundDown(Long.MAX_VALUE, 20)).isEqualTo(0);
		assertThat(Decimals.scaleUp(922_337_203_685_477_580L, 1)).isEqualTo(9_223_372_036_854_775_800L);
		assertThat(Decimals.scaleUp(922_337_203_685_477_581L, 1)).isEqualTo(Long.MIN_VALUE);
		assertThat(Decimals.scaleUp(-1, 18)).isEqualTo(-1_000_000_000_000_000_000L);
		assertThat(Decimals.scaleUp(1, 19)).isEqualTo(Long.MIN_VALUE);
		assertThat(Decimals.fits(999, 3)).isTrue();
		assertThat(Decimals.fits(-1000, 3)).isFalse();
		assertThat(Decimals.fits(Long.MIN_VALUE, 19)).isTrue();
		assertThat(Decimals.fits(BigInteger.TEN.pow(38).subtract(BigInteger.ONE), 38)).isTrue();
		assertThat(Decimals.fits(BigInteger.TEN.pow(38), 38)).isFalse();
		assertThat(Decimals.digits(Long.MAX_VALUE)).isEqualTo(19);
		assertThat(Decimals.digits(-9)).isEqualTo(1);
	}

	@Test
	void toPrecisionNeverComputesDigitsBeyondTheType() {
		DecimalType t = DataType.decimal(10, 2);
		assertThat(Decimals.toPrecision(new BigDecimal("12.345"), t)).isEqualTo(new BigDecimal("12.35"));
		assertThat(Decimals.toPrecision(new BigDecimal("-12.345"), t)).isEqualTo(new BigDecimal("-12.35"));
		assertThat(Decimals.toPrecision(new BigDecimal("99999999.995"), t)).isNull();
		assertThat(Decimals.toPrecision(new BigDecimal("1e10000000"), t)).isNull();
		assertThat(Decimals.toPrecision(new BigDecimal("1e-10000000"), t)).isEqualTo(new BigDecimal("0.00"));
		assertThat(Decimals.toPrecision(new BigDecimal("0.005"), t)).isEqualTo(new BigDecimal("0.01"));
		assertThat(Decimals.toPrecision(new BigDecimal("0.0049"), t)).isEqualTo(new BigDecimal("0.00"));
	}

	@Test
	void textParsesInOnePassWhateverItsLengthOrExponent() {
		DecimalParser p = new DecimalParser();
		DecimalType t = DataType.decimal(10, 2);
		assertThat(parse(p, " 12.345".trim(), t)).isEqualTo(new BigDecimal("12.35"));
		assertThat(parse(p, "-0.005", t)).isEqualTo(new BigDecimal("-0.01"));
		assertThat(parse(p, "+1.5e3", t)).isEqualTo(new BigDecimal("1500.00"));
		assertThat(parse(p, ".5", t)).isEqualTo(new BigDecimal("0.50"));
		assertThat(parse(p, "5.", t)).isEqualTo(new BigDecimal("5.00"));
		assertThat(parse(p, "00000012.3000000", t)).isEqualTo(new BigDecimal("12.30"));
		assertThat(parse(p, "99999999.99", t)).isEqualTo(new BigDecimal("99999999.99"));
		assertThat(p.parse("99999999.995", t)).isEqualTo(DecimalParser.Result.OVERFLOW);
		assertThat(p.parse("1e10000000", t)).isEqualTo(DecimalParser.Result.OVERFLOW);
		assertThat(p.parse("1e99999999999999999999", t)).isEqualTo(DecimalParser.Result.OVERFLOW);
		assertThat(parse(p, "1e-99999999999999999999", t)).isEqualTo(new BigDecimal("0.00"));
		for (String bad : new String[] { "", "-", ".", "1..2", "1e", "1e+", "abc", "1,5", "0x10", "1.5f", "١" }) {
			assertThat(p.parse(bad, t)).as(bad).isEqualTo(DecimalParser.Result.MALFORMED);
		}
		byte[] grouped = "1,234.5".getBytes();
		assertThat(p.parse(grouped, 0, grouped.length, t, true)).isEqualTo(DecimalParser.Result.OK);
		assertThat(p.value(t)).isEqualTo(new BigDecimal("1234.50"));
		// a million digits: refused, or rounded, after one linear pass
		String million = "9".repeat(1_000_000);
		assertThat(p.parse(million, t)).isEqualTo(DecimalParser.Result.OVERFLOW);
		assertThat(parse(p, "0." + million, t)).isEqualTo(new BigDecimal("1.00"));
		DecimalType wide = DataType.decimal(38, 0);
		assertThat(parse(p, "9".repeat(38), wide)).isEqualTo(new BigDecimal("9".repeat(38)));
		assertThat(p.wide).isNotNull();
		assertThat(parse(p, "9223372036854775807", wide)).isEqualTo(new BigDecimal("9223372036854775807"));
		assertThat(p.wide).isNull();
		assertThat(parse(p, "-9223372036854775808", wide)).isEqualTo(new BigDecimal("-9223372036854775808"));
		assertThat(parse(p, "9223372036854775808", wide)).isEqualTo(new BigDecimal("9223372036854775808"));
		assertThat(p.wide).isNotNull();
	}

	private static BigDecimal parse(DecimalParser p, String text, DecimalType t) {
		assertThat(p.parse(text, t)).as(text).isEqualTo(DecimalParser.Result.OK);
		return p.value(t);
	}

}
