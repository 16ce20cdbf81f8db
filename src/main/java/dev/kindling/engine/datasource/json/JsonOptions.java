package dev.kindling.engine.datasource.json;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kindling.engine.types.Schema;

/**
 * The options of Spark's {@code json} source that Kindling reads, by Spark's names and
 * with its defaults. Any other option is refused (never silently ignored).
 *
 * @param schema the schema given ({@code schema}), or null to infer one
 * @param mode {@code PERMISSIVE} (a malformed line is a row of nulls, a value of the
 * wrong type a null), {@code DROPMALFORMED} (such lines are dropped) or {@code FAILFAST}
 * (the job fails, naming the file and line)
 * @param primitivesAsString whether inference types every value as a string
 * @param prefersDecimal whether inference types a number with a fraction as a decimal
 * rather than a double
 * @param samplingRatio the share of lines inference reads (1: all)
 */
public record JsonOptions(String schema, String mode, boolean primitivesAsString, boolean prefersDecimal,
		double samplingRatio) {

	private static final Set<String> KNOWN = Set.of("schema", "mode", "primitivesAsString", "prefersDecimal",
			"samplingRatio", "partitions");

	/**
	 * Parses a source's options.
	 * @throws IllegalArgumentException starting {@code option '<name>'} for an unknown
	 * option or a bad value
	 */
	public static JsonOptions fromMap(Map<String, Object> options) {
		for (String key : options.keySet()) {
			if (!KNOWN.contains(key)) {
				throw new IllegalArgumentException("option '" + key + "' is not an option of the json format (it has "
						+ String.join(", ", new java.util.TreeSet<>(KNOWN)) + ")");
			}
		}
		String schema = options.get("schema") == null ? null : options.get("schema").toString();
		if (schema != null) {
			Schema.parse(schema);
		}
		String mode = options.get("mode") == null ? "PERMISSIVE"
				: options.get("mode").toString().toUpperCase(Locale.ROOT);
		if (!Set.of("PERMISSIVE", "DROPMALFORMED", "FAILFAST").contains(mode)) {
			throw new IllegalArgumentException(
					"option 'mode' must be PERMISSIVE, DROPMALFORMED or FAILFAST, not '" + options.get("mode") + "'");
		}
		double ratio = 1.0;
		if (options.get("samplingRatio") != null) {
			try {
				ratio = Double.parseDouble(options.get("samplingRatio").toString());
			}
			catch (NumberFormatException ex) {
				ratio = -1;
			}
			if (!(ratio > 0 && ratio <= 1)) {
				throw new IllegalArgumentException("option 'samplingRatio' must be a number in (0, 1]");
			}
		}
		return new JsonOptions(schema, mode, flag(options, "primitivesAsString"), flag(options, "prefersDecimal"),
				ratio);
	}

	private static boolean flag(Map<String, Object> options, String key) {
		Object v = options.get(key);
		if (v == null) {
			return false;
		}
		if (v instanceof Boolean b) {
			return b;
		}
		String s = v.toString().toLowerCase(Locale.ROOT);
		if (!s.equals("true") && !s.equals("false")) {
			throw new IllegalArgumentException("option '" + key + "' must be true or false");
		}
		return s.equals("true");
	}

	boolean failFast() {
		return this.mode.equals("FAILFAST");
	}

	boolean dropMalformed() {
		return this.mode.equals("DROPMALFORMED");
	}

}
