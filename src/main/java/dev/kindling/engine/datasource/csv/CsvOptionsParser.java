package dev.kindling.engine.datasource.csv;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.kindling.engine.datasource.csv.CsvOptions.Mode;
import dev.kindling.engine.datasource.csv.CsvOptions.UnescapedQuoteHandling;
import dev.kindling.engine.types.Schema;

/**
 * Reads {@link CsvOptions} from a map with Spark's keys, and checks them. Every refusal
 * is an {@link IllegalArgumentException} whose message starts with
 * {@code option '<the key as given>'}, so the caller can point at the field.
 */
final class CsvOptionsParser {

	/**
	 * The encodings Spark 4 accepts ({@code CharsetProvider.VALID_CHARSETS}, without the
	 * legacy setting that opens all of Java's).
	 */
	static final List<String> ENCODINGS = List.of("us-ascii", "iso-8859-1", "utf-8", "utf-16be", "utf-16le", "utf-16",
			"utf-32");

	private CsvOptionsParser() {
	}

	static CsvOptions parse(Map<String, Object> options) {
		CsvOptions.Builder o = CsvOptions.defaults().toBuilder();
		String sep = null;
		String sepKey = "sep";
		String delimiter = null;
		Charset encoding = null;
		String encodingKey = "encoding";
		Charset charset = null;
		String dateKey = "dateFormat";
		String timestampKey = "timestampFormat";
		for (Map.Entry<String, Object> e : options.entrySet()) {
			String key = e.getKey();
			Object value = e.getValue();
			if (key == null) {
				throw new IllegalArgumentException("CSV option name must not be null");
			}
			if (value == null) {
				continue;
			}
			switch (key.toLowerCase(Locale.ROOT)) {
				case "header" -> o.header = bool(key, value);
				case "inferschema" -> o.inferSchema = bool(key, value);
				case "multiline" -> o.multiLine = bool(key, value);
				case "ignoreleadingwhitespace" -> o.ignoreLeadingWhiteSpace = bool(key, value);
				case "ignoretrailingwhitespace" -> o.ignoreTrailingWhiteSpace = bool(key, value);
				case "schema" -> o.schema = schema(key, value);
				case "sep" -> {
					sep = separator(key, value);
					sepKey = key;
				}
				case "delimiter" -> delimiter = separator(key, value);
				case "quote" -> o.quote = character(key, value);
				case "escape" -> o.escape = character(key, value);
				case "comment" -> {
					String s = string(key, value);
					o.comment = s.isEmpty() ? null : character(key, value);
				}
				case "nullvalue" -> o.nullValue = string(key, value);
				case "emptyvalue" -> o.emptyValue = string(key, value);
				case "nanvalue" -> o.nanValue = string(key, value);
				case "positiveinf" -> o.positiveInf = string(key, value);
				case "negativeinf" -> o.negativeInf = string(key, value);
				case "mode" -> o.mode = mode(key, value);
				case "unescapedquotehandling" -> o.unescapedQuoteHandling = quoteHandling(key, value);
				case "partitions" -> {
					o.partitions = integer(key, value);
					checkPartitions(key, o.partitions);
				}
				case "maxcharspercolumn" -> {
					o.maxCharsPerColumn = integer(key, value);
					checkMaxChars(key, o.maxCharsPerColumn);
				}
				case "dateformat" -> {
					o.dateFormat = string(key, value);
					dateKey = key;
				}
				case "timestampformat" -> {
					o.timestampFormat = string(key, value);
					timestampKey = key;
				}
				case "locale" -> o.locale = locale(key, value);
				case "linesep" -> o.lineSep = lineSep(key, value);
				case "encoding" -> {
					encoding = encoding(key, value);
					encodingKey = key;
				}
				case "charset" -> charset = encoding(key, value);
				case "samplingratio" -> {
					o.samplingRatio = number(key, value);
					checkSamplingRatio(key, o.samplingRatio);
				}
				default -> throw new IllegalArgumentException("unknown CSV option '" + key + "'");
			}
		}
		if (sep != null && delimiter != null && !sep.equals(delimiter)) {
			throw new IllegalArgumentException(
					"option '" + sepKey + "' and option 'delimiter' disagree: '" + sep + "' and '" + delimiter + "'");
		}
		if (sep == null && delimiter != null) {
			sep = delimiter;
			sepKey = "delimiter";
		}
		if (sep != null) {
			o.sep = sep;
		}
		if (encoding != null && charset != null && !encoding.equals(charset)) {
			throw new IllegalArgumentException("option '" + encodingKey + "' and option 'charset' disagree: '"
					+ encoding.name() + "' and '" + charset.name() + "'");
		}
		if (encoding == null && charset != null) {
			encoding = charset;
			encodingKey = "charset";
		}
		if (encoding != null) {
			o.encoding = encoding;
		}
		checkSyntax(o, sepKey, encodingKey);
		checkPattern(dateKey, o.dateFormat, o.locale);
		checkPattern(timestampKey, o.timestampFormat, o.locale);
		return o.build();
	}

	/** The checks that hold for every options record, whoever built it. */
	static void validate(String sep, char quote, char escape, Character comment, String lineSep, Charset encoding,
			Integer partitions, int maxCharsPerColumn, Double samplingRatio) {
		checkPartitions("partitions", partitions);
		checkMaxChars("maxCharsPerColumn", maxCharsPerColumn);
		checkSamplingRatio("samplingRatio", samplingRatio);
		if (!ENCODINGS.contains(encoding.name().toLowerCase(Locale.ROOT))) {
			throw new IllegalArgumentException("option 'encoding' must be one of " + ENCODINGS);
		}
		Charset lexed = isTranscoded(encoding) ? StandardCharsets.UTF_8 : encoding;
		checkSyntax(sep, quote, escape, comment, lineSep, lexed, "sep", "encoding");
	}

	private static boolean isTranscoded(Charset encoding) {
		return !encoding.equals(StandardCharsets.UTF_8) && !encoding.equals(StandardCharsets.US_ASCII)
				&& !encoding.equals(StandardCharsets.ISO_8859_1);
	}

	private static void checkSyntax(CsvOptions.Builder o, String sepKey, String encodingKey) {
		Charset lexed = isTranscoded(o.encoding) ? StandardCharsets.UTF_8 : o.encoding;
		checkSyntax(o.sep, o.quote, o.escape, o.comment, o.lineSep, lexed, sepKey, encodingKey);
	}

	private static void checkSyntax(String sep, char quote, char escape, Character comment, String lineSep,
			Charset lexed, String sepKey, String encodingKey) {
		if (sep.isEmpty()) {
			throw new IllegalArgumentException("option '" + sepKey + "' must not be empty");
		}
		encodable(sepKey, sep, lexed, encodingKey);
		if (lineSep == null) {
			if (sep.indexOf('\n') >= 0 || sep.indexOf('\r') >= 0) {
				throw new IllegalArgumentException("option '" + sepKey + "' must not hold a line break");
			}
		}
		else {
			encodable("lineSep", lineSep, lexed, encodingKey);
			if (sep.contains(lineSep) || lineSep.contains(sep)) {
				throw new IllegalArgumentException(
						"option '" + sepKey + "' must differ from option 'lineSep', both hold '" + lineSep + "'");
			}
		}
		singleByte("quote", quote, lexed, encodingKey);
		singleByte("escape", escape, lexed, encodingKey);
		if (comment != null) {
			singleByte("comment", comment, lexed, encodingKey);
		}
		if (quote != '\0' && sep.charAt(0) == quote) {
			throw new IllegalArgumentException(
					"option 'quote' must differ from option '" + sepKey + "', both start with '" + quote + "'");
		}
		if (quote != '\0' && lineSep != null && lineSep.indexOf(quote) >= 0) {
			throw new IllegalArgumentException("option 'quote' must not be part of option 'lineSep'");
		}
	}

	private static void encodable(String key, String text, Charset charset, String encodingKey) {
		if (!charset.newEncoder().canEncode(text)) {
			throw new IllegalArgumentException("option '" + key + "' cannot be written in " + encodingKey + " "
					+ charset.name() + ", got '" + text + "'");
		}
	}

	private static void singleByte(String key, char c, Charset charset, String encodingKey) {
		if (c == '\0') {
			return;
		}
		String s = String.valueOf(c);
		if (!charset.newEncoder().canEncode(s) || s.getBytes(charset).length != 1) {
			throw new IllegalArgumentException("option '" + key + "' must be a character of one byte in " + encodingKey
					+ " " + charset.name() + ", got '" + s + "'");
		}
	}

	private static void checkPartitions(String key, Integer partitions) {
		if (partitions != null && partitions < 1) {
			throw new IllegalArgumentException("option '" + key + "' must be at least 1, got " + partitions);
		}
	}

	private static void checkMaxChars(String key, int maxChars) {
		if (maxChars != -1 && maxChars < 1) {
			throw new IllegalArgumentException("option '" + key + "' must be -1 or positive, got " + maxChars);
		}
	}

	private static void checkSamplingRatio(String key, Double ratio) {
		if (ratio != null && !(ratio > 0)) {
			throw new IllegalArgumentException("option '" + key + "' must be greater than 0, got " + ratio);
		}
	}

	private static void checkPattern(String key, String pattern, Locale locale) {
		if (pattern == null) {
			return;
		}
		try {
			SparkDatePatterns.formatter(pattern, locale, true);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"option '" + key + "' is not a valid datetime pattern: '" + pattern + "' (" + ex.getMessage() + ")",
					ex);
		}
	}

	private static String schema(String key, Object value) {
		String schema = string(key, value);
		try {
			Schema.parse(schema);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("option '" + key + "' is invalid: " + ex.getMessage(), ex);
		}
		return schema;
	}

	private static Mode mode(String key, Object value) {
		String m = string(key, value).trim().toUpperCase(Locale.ROOT);
		try {
			return Mode.valueOf(m);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"option '" + key + "' must be PERMISSIVE, DROPMALFORMED or FAILFAST, got '" + value + "'");
		}
	}

	private static UnescapedQuoteHandling quoteHandling(String key, Object value) {
		String m = string(key, value).trim().toUpperCase(Locale.ROOT);
		try {
			return UnescapedQuoteHandling.valueOf(m);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("option '" + key + "' must be one of "
					+ List.of(UnescapedQuoteHandling.values()) + ", got '" + value + "'");
		}
	}

	private static Locale locale(String key, Object value) {
		String tag = string(key, value);
		try {
			Locale locale = new Locale.Builder().setLanguageTag(tag).build();
			if (locale.getLanguage().isEmpty()) {
				throw new IllformedLocaleException("no language");
			}
			return locale;
		}
		catch (IllformedLocaleException ex) {
			throw new IllegalArgumentException(
					"option '" + key + "' must be an IETF BCP 47 language tag such as en-US, got '" + tag + "'");
		}
	}

	private static String lineSep(String key, Object value) {
		String s = string(key, value);
		if (s.isEmpty()) {
			throw new IllegalArgumentException("option '" + key + "' must not be empty");
		}
		if (s.length() > 2) {
			throw new IllegalArgumentException("option '" + key + "' must be one or two characters, got '" + s + "'");
		}
		return s;
	}

	private static Charset encoding(String key, Object value) {
		String name = string(key, value).trim();
		if (!ENCODINGS.contains(name.toLowerCase(Locale.ROOT))) {
			throw new IllegalArgumentException(
					"option '" + key + "' must be one of " + ENCODINGS + ", got '" + name + "'");
		}
		return Charset.forName(name);
	}

	/**
	 * Spark's separator: chunks of one character, or a backslash and the next one
	 * ({@code \t}, {@code \r}, {@code \b}, {@code \f}, {@code \"}, {@code \'},
	 * {@code \\}).
	 */
	private static String separator(String key, Object value) {
		String s = (value instanceof Character c) ? String.valueOf(c) : string(key, value);
		if (s.isEmpty()) {
			throw new IllegalArgumentException("option '" + key + "' must not be empty");
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c != '\\') {
				out.append(c);
				continue;
			}
			if (i + 1 == s.length()) {
				throw new IllegalArgumentException("option '" + key
						+ "' must not end with a single backslash; write two backslashes for a backslash, got '" + s
						+ "'");
			}
			char n = s.charAt(++i);
			out.append(switch (n) {
				case 't' -> '\t';
				case 'r' -> '\r';
				case 'b' -> '\b';
				case 'f' -> '\f';
				case '"' -> '"';
				case '\'' -> '\'';
				case '\\' -> '\\';
				default -> throw new IllegalArgumentException(
						"option '" + key + "' holds an unsupported escape '\\" + n + "', got '" + s + "'");
			});
		}
		return out.toString();
	}

	private static boolean bool(String key, Object value) {
		if (value instanceof Boolean b) {
			return b;
		}
		if (value instanceof String s) {
			if (s.trim().equalsIgnoreCase("true")) {
				return true;
			}
			if (s.trim().equalsIgnoreCase("false")) {
				return false;
			}
		}
		throw new IllegalArgumentException("option '" + key + "' must be true or false, got '" + value + "'");
	}

	private static int integer(String key, Object value) {
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).intValue();
		}
		if (value instanceof Long l && l == l.intValue()) {
			return l.intValue();
		}
		if (value instanceof String s) {
			try {
				return Integer.parseInt(s.trim());
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		throw new IllegalArgumentException("option '" + key + "' must be an integer, got '" + value + "'");
	}

	private static double number(String key, Object value) {
		if (value instanceof Number n) {
			return n.doubleValue();
		}
		if (value instanceof String s) {
			try {
				return Double.parseDouble(s.trim());
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		throw new IllegalArgumentException("option '" + key + "' must be a number, got '" + value + "'");
	}

	private static String string(String key, Object value) {
		if (value instanceof String s) {
			return s;
		}
		if (value instanceof Character c) {
			return String.valueOf(c);
		}
		throw new IllegalArgumentException("option '" + key + "' must be a string, got '" + value + "'");
	}

	/** Spark's single character: empty turns the feature off ({@code '\0'}). */
	private static char character(String key, Object value) {
		String s = string(key, value);
		if (s.isEmpty()) {
			return '\0';
		}
		if (s.length() != 1) {
			throw new IllegalArgumentException("option '" + key + "' must be a single character, got '" + s + "'");
		}
		char c = s.charAt(0);
		if (c == '\n' || c == '\r') {
			throw new IllegalArgumentException("option '" + key + "' must not be a line break");
		}
		return c;
	}

}
