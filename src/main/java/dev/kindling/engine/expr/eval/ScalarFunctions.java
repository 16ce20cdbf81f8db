package dev.kindling.engine.expr.eval;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.kindling.engine.aggregate.AggregateFunctions;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;

/**
 * The scalar functions the binder knows, by lower-case name. Adding one is a
 * {@link ScalarFunction} (a static method in the class of its group:
 * {@link StringFunctions}, {@link StringSearchFunctions}, {@link RegexpFunctions},
 * {@link FormatFunctions}, {@link NumericFunctions}, {@link MathFunctions},
 * {@link ConditionalFunctions}, {@link DateFunctions}, {@link TimestampFunctions}, or a
 * new one) and a line here; an alias is a second line for the same function.
 * docs/functions.md lists them all.
 */
public final class ScalarFunctions {

	private static final Map<String, ScalarFunction> BY_NAME = new TreeMap<>();

	/** Functions Spark lets a query call without parentheses. */
	private static final Set<String> NILADIC = Set.of("current_date", "current_timestamp", "current_timezone",
			"localtimestamp");

	static {
		// strings
		register("lower", StringFunctions::lower);
		register("lcase", StringFunctions::lower);
		register("upper", StringFunctions::upper);
		register("ucase", StringFunctions::upper);
		register("length", StringFunctions::length);
		register("len", StringFunctions::length);
		register("char_length", StringFunctions::length);
		register("character_length", StringFunctions::length);
		register("octet_length", StringFunctions::octetLength);
		register("bit_length", StringFunctions::octetLength);
		register("trim", StringFunctions::trim);
		register("ltrim", StringFunctions::trim);
		register("rtrim", StringFunctions::trim);
		register("btrim", StringFunctions::trim);
		register("substring", StringFunctions::substring);
		register("substr", StringFunctions::substring);
		register("left", StringFunctions::left);
		register("right", StringFunctions::right);
		register("concat", StringFunctions::concat);
		register("concat_ws", StringFunctions::concatWs);
		register("lpad", StringFunctions::pad);
		register("rpad", StringFunctions::pad);
		register("repeat", StringFunctions::repeat);
		register("space", StringFunctions::space);
		register("reverse", StringFunctions::reverse);
		register("initcap", StringFunctions::initcap);
		register("ascii", StringFunctions::ascii);
		register("chr", StringFunctions::chr);
		register("char", StringFunctions::chr);
		register("instr", StringSearchFunctions::instr);
		register("locate", StringSearchFunctions::locate);
		register("position", StringSearchFunctions::locate);
		register("replace", StringSearchFunctions::replace);
		register("translate", StringSearchFunctions::translate);
		register("startswith", StringSearchFunctions::startsWith);
		register("endswith", StringSearchFunctions::startsWith);
		register("contains", StringSearchFunctions::startsWith);
		register("substring_index", StringSearchFunctions::substringIndex);
		register("split_part", StringSearchFunctions::splitPart);
		register("levenshtein", StringSearchFunctions::levenshtein);
		register("find_in_set", StringSearchFunctions::findInSet);
		register("rlike", RegexpFunctions::like);
		register("regexp_like", RegexpFunctions::like);
		register("regexp", RegexpFunctions::like);
		register("regexp_extract", RegexpFunctions::extract);
		register("regexp_replace", RegexpFunctions::replace);
		register("regexp_substr", RegexpFunctions::substr);
		register("regexp_count", RegexpFunctions::count);
		register("regexp_instr", RegexpFunctions::instr);
		register("format_number", FormatFunctions::formatNumber);
		register("format_string", FormatFunctions::formatString);
		register("printf", FormatFunctions::formatString);
		register("md5", FormatFunctions::digest);
		register("sha1", FormatFunctions::digest);
		register("sha", FormatFunctions::digest);
		register("sha2", FormatFunctions::sha2);
		register("crc32", FormatFunctions::crc32);
		register("base64", FormatFunctions::base64);
		register("hex", FormatFunctions::hex);
		refuseArray("split", "split_part(str, delim, n) or substring_index(str, delim, n)");
		refuseArray("collect_list", null);
		refuseArray("collect_set", null);
		refuseArray("array", null);
		refuseArray("explode", null);
		// numbers
		register("abs", NumericFunctions::abs);
		register("negative", NumericFunctions::negative);
		register("positive", NumericFunctions::positive);
		register("round", NumericFunctions::round);
		register("bround", NumericFunctions::round);
		register("floor", NumericFunctions::floorOrCeil);
		register("ceil", NumericFunctions::floorOrCeil);
		register("ceiling", NumericFunctions::floorOrCeil);
		register("mod", NumericFunctions::mod);
		register("pmod", NumericFunctions::pmod);
		register("greatest", NumericFunctions::greatest);
		register("least", NumericFunctions::greatest);
		register("sign", NumericFunctions::sign);
		register("signum", NumericFunctions::sign);
		register("factorial", NumericFunctions::factorial);
		register("rand", NumericFunctions::rand);
		register("random", NumericFunctions::rand);
		register("randn", NumericFunctions::rand);
		register("monotonically_increasing_id", NumericFunctions::taskValue);
		register("spark_partition_id", NumericFunctions::taskValue);
		register("sqrt", MathFunctions.of(Math::sqrt));
		register("cbrt", MathFunctions.of(Math::cbrt));
		register("exp", MathFunctions.of(StrictMath::exp));
		register("expm1", MathFunctions.of(StrictMath::expm1));
		register("ln", MathFunctions.log(StrictMath::log, 0.0));
		register("log", MathFunctions::logarithm);
		register("log10", MathFunctions.log(StrictMath::log10, 0.0));
		register("log2", MathFunctions.log((x) -> StrictMath.log(x) / StrictMath.log(2), 0.0));
		register("log1p", MathFunctions.log(StrictMath::log1p, -1.0));
		register("pow", MathFunctions.of(StrictMath::pow));
		register("power", MathFunctions.of(StrictMath::pow));
		register("atan2", MathFunctions.of(Math::atan2));
		register("hypot", MathFunctions.of(Math::hypot));
		register("sin", MathFunctions.of(Math::sin));
		register("cos", MathFunctions.of(Math::cos));
		register("tan", MathFunctions.of(Math::tan));
		register("asin", MathFunctions.of(Math::asin));
		register("acos", MathFunctions.of(Math::acos));
		register("atan", MathFunctions.of(Math::atan));
		register("sinh", MathFunctions.of(Math::sinh));
		register("cosh", MathFunctions.of(Math::cosh));
		register("tanh", MathFunctions.of(Math::tanh));
		register("degrees", MathFunctions.of(Math::toDegrees));
		register("radians", MathFunctions.of(Math::toRadians));
		register("pi", MathFunctions.constant(Math.PI));
		register("e", MathFunctions.constant(Math.E));
		// conditions and nulls
		register("coalesce", ConditionalFunctions::coalesce);
		register("nvl", ConditionalFunctions::nvl);
		register("ifnull", ConditionalFunctions::nvl);
		register("nvl2", ConditionalFunctions::nvl2);
		register("nullif", ConditionalFunctions::nullif);
		register("if", ConditionalFunctions::ifThenElse);
		register("iff", ConditionalFunctions::ifThenElse);
		register("isnull", ConditionalFunctions::isNull);
		register("isnotnull", ConditionalFunctions::isNull);
		register("isnan", ConditionalFunctions::isNan);
		register("nanvl", ConditionalFunctions::nanvl);
		register("nullifzero", ConditionalFunctions::nullIfZero);
		register("zeroifnull", ConditionalFunctions::zeroIfNull);
		register("equal_null", ConditionalFunctions::equalNull);
		register("raise_error", ConditionalFunctions::raiseError);
		// dates and times
		register("current_date", TimestampFunctions::currentDate);
		register("curdate", TimestampFunctions::currentDate);
		register("current_timestamp", TimestampFunctions::currentTimestamp);
		register("now", TimestampFunctions::currentTimestamp);
		register("localtimestamp", TimestampFunctions::currentTimestamp);
		register("current_timezone", TimestampFunctions::currentTimezone);
		register("year", DateFunctions::field);
		register("quarter", DateFunctions::field);
		register("month", DateFunctions::field);
		register("day", DateFunctions::field);
		register("dayofmonth", DateFunctions::field);
		register("dayofweek", DateFunctions::field);
		register("weekday", DateFunctions::field);
		register("dayofyear", DateFunctions::field);
		register("weekofyear", DateFunctions::field);
		register("monthname", DateFunctions::name);
		register("dayname", DateFunctions::name);
		register("hour", TimestampFunctions::field);
		register("minute", TimestampFunctions::field);
		register("second", TimestampFunctions::field);
		register("date_add", DateFunctions::addDays);
		register("dateadd", DateFunctions::addDays);
		register("date_sub", DateFunctions::addDays);
		register("datediff", DateFunctions::dateDiff);
		register("date_diff", DateFunctions::dateDiff);
		register("add_months", DateFunctions::addMonths);
		register("months_between", TimestampFunctions::monthsBetween);
		register("last_day", DateFunctions::lastDay);
		register("next_day", DateFunctions::nextDay);
		register("trunc", DateFunctions::trunc);
		register("date_trunc", TimestampFunctions::dateTrunc);
		register("make_date", DateFunctions::makeDate);
		register("make_timestamp", TimestampFunctions::makeTimestamp);
		register("try_make_timestamp", TimestampFunctions::makeTimestamp);
		register("unix_date", DateFunctions::unixDate);
		register("date_from_unix_date", DateFunctions::fromUnixDate);
		register("to_date", TimestampFunctions::toDate);
		register("try_to_date", TimestampFunctions::toDate);
		register("to_timestamp", TimestampFunctions::toTimestamp);
		register("try_to_timestamp", TimestampFunctions::toTimestamp);
		register("date_format", TimestampFunctions::dateFormat);
		register("unix_timestamp", TimestampFunctions::unixTimestamp);
		register("to_unix_timestamp", TimestampFunctions::unixTimestamp);
		register("from_unixtime", TimestampFunctions::fromUnixtime);
		register("timestamp_seconds", TimestampFunctions::fromEpoch);
		register("timestamp_millis", TimestampFunctions::fromEpoch);
		register("timestamp_micros", TimestampFunctions::fromEpoch);
		register("unix_seconds", TimestampFunctions::toEpoch);
		register("unix_millis", TimestampFunctions::toEpoch);
		register("unix_micros", TimestampFunctions::toEpoch);
		register("from_utc_timestamp", TimestampFunctions::utcShift);
		register("to_utc_timestamp", TimestampFunctions::utcShift);
	}

	private ScalarFunctions() {
	}

	private static void register(String name, ScalarFunction function) {
		if (BY_NAME.put(name, function) != null) {
			throw new IllegalStateException("two scalar functions are named " + name);
		}
	}

	/**
	 * A Spark function that returns an array, which Kindling cannot hold yet: a call is a
	 * clear error, not an unknown function.
	 */
	private static void refuseArray(String name, String instead) {
		register(name, (call, args) -> {
			throw ExprException.at(call.position(),
					"function '" + name + "' returns an array, and arrays are not supported yet"
							+ ((instead != null) ? "; try " + instead : ""));
		});
	}

	/** The function of this lower-case name, or {@code null} when none has it. */
	public static ScalarFunction find(String name) {
		return BY_NAME.get(name);
	}

	/** Every name, sorted. */
	public static Set<String> names() {
		return Collections.unmodifiableSet(BY_NAME.keySet());
	}

	/** Whether a bare name (any case) is a function Spark calls without parentheses. */
	static boolean isNiladic(String name) {
		return NILADIC.contains(name.toLowerCase(java.util.Locale.ROOT));
	}

	/**
	 * The error for a call of a name no function has, suggesting the closest known name
	 * when one is close.
	 */
	static ExprException unknown(FunctionCall call) {
		Set<String> known = new TreeSet<>(names());
		known.addAll(AggregateFunctions.names());
		known.addAll(WindowFunctions.names());
		String suggestion = closest(call.name(), known);
		return new ExprException("unknown function '" + call.name() + "' at position " + call.position()
				+ ((suggestion != null) ? "; did you mean '" + suggestion + "'?"
						: " (docs/functions.md lists the functions Kindling knows)"),
				call.position());
	}

	/**
	 * The known name closest to {@code name} by edit distance (a swap of two neighbours
	 * counts one edit), if it is within a third of the name's length (at least 1, at most
	 * 3 edits); else {@code null}.
	 */
	static String closest(String name, Set<String> known) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int d = distance(name, candidate);
			if (d < bestDistance) {
				bestDistance = d;
				best = candidate;
			}
		}
		int allowed = Math.min(3, Math.max(1, name.length() / 3));
		return (bestDistance <= allowed) ? best : null;
	}

	/** The optimal-string-alignment distance (Levenshtein plus adjacent swaps). */
	static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					v = Math.min(v, d[i - 2][j - 2] + 1);
				}
				d[i][j] = v;
			}
		}
		return d[a.length()][b.length()];
	}

}
