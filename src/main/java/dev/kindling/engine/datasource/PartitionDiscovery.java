package dev.kindling.engine.datasource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.datasource.SourceFiles.Listing;
import dev.kindling.engine.datasource.SourceFiles.SourceException;
import dev.kindling.engine.storage.FileEntry;
import dev.kindling.engine.storage.Locations;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;

/**
 * Spark's partition discovery: the {@code name=value} folders between a source folder and
 * its files are columns ({@code city=Oslo/part-0.csv} gives {@code city} {@code 'Oslo'}).
 * Every file must sit under the same column names in the same order (Spark's "conflicting
 * partition column names" otherwise); folders without a {@code =} are passed over. A
 * value is unescaped ({@code %2F} is {@code /}) and {@value #DEFAULT_PARTITION} is null.
 * A column's type is inferred as Spark infers it: each value is an int, a bigint, a
 * decimal (a whole number too long for a bigint), a double, a timestamp
 * ({@code yyyy-MM-dd HH:mm:ss[.S]}), a date ({@code yyyy-MM-dd}) or a string, and the
 * column takes the widest: numbers widen (but a double with a bigint or a decimal is a
 * string, which loses nothing), a date with a timestamp is a timestamp, any other mix a
 * string, and a column of nulls only is a string.
 */
public final class PartitionDiscovery {

	/** Hive's name for a null partition value. */
	public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

	static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
		.optionalStart()
		.appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
		.optionalEnd()
		.toFormatter(Locale.ROOT);

	private PartitionDiscovery() {
	}

	/** The files under {@code folder}, with the columns of their partition folders. */
	static Listing discover(String folder, List<FileEntry> files) {
		List<DataFile> out = new ArrayList<>(files.size());
		List<String> names = null;
		String namesAt = null;
		List<List<String>> values = new ArrayList<>();
		for (FileEntry f : files) {
			String relative = Locations.relative(f.path(), folder);
			String[] segments = relative.split("/");
			List<String> fileNames = new ArrayList<>();
			List<String> fileValues = new ArrayList<>();
			for (int i = 0; i < segments.length - 1; i++) {
				int eq = segments[i].indexOf('=');
				if (eq > 0) {
					fileNames.add(unescape(segments[i].substring(0, eq)));
					String v = segments[i].substring(eq + 1);
					fileValues.add(v.equals(DEFAULT_PARTITION) ? null : unescape(v));
				}
			}
			if (names == null) {
				names = fileNames;
				namesAt = relative;
			}
			else if (!lower(names).equals(lower(fileNames))) {
				throw new SourceException("conflicting partition folders under '" + folder + "': '" + namesAt
						+ "' is under " + describe(names) + " and '" + relative + "' under " + describe(fileNames)
						+ "; data files must live in leaf folders of the same partition columns");
			}
			values.add(fileValues);
			out.add(new DataFile(f.path(), f.size(), f.modifiedMillis(), fileValues));
		}
		List<Field> columns = new ArrayList<>();
		if (names != null) {
			Set<String> seen = new HashSet<>();
			for (int c = 0; c < names.size(); c++) {
				if (!seen.add(names.get(c).toLowerCase(Locale.ROOT))) {
					throw new SourceException("partition column '" + names.get(c)
							+ "' appears twice in the folders under '" + folder + "'");
				}
				DataType type = null;
				for (List<String> v : values) {
					type = wider(type, infer(v.get(c)));
				}
				columns.add(new Field(names.get(c), type == null || type == DataType.NULL ? DataType.STRING : type));
			}
		}
		return new Listing(List.copyOf(out), List.copyOf(columns), true);
	}

	private static String describe(List<String> names) {
		return names.isEmpty() ? "no partition folder" : "partition folders " + names;
	}

	private static List<String> lower(List<String> names) {
		return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
	}

	/** The type of one value, by Spark's rules. */
	static DataType infer(String raw) {
		if (raw == null) {
			return DataType.NULL;
		}
		try {
			Integer.parseInt(raw);
			return DataType.INT;
		}
		catch (NumberFormatException ex) {
			// not an int
		}
		try {
			Long.parseLong(raw);
			return DataType.BIGINT;
		}
		catch (NumberFormatException ex) {
			// not a bigint
		}
		try {
			BigDecimal d = new BigDecimal(raw);
			if (d.scale() <= 0 && d.precision() - d.scale() <= 38) {
				return DataType.decimal(Math.max(d.precision(), 1), 0);
			}
		}
		catch (NumberFormatException ex) {
			// not a decimal
		}
		try {
			Double.parseDouble(raw);
			return DataType.DOUBLE;
		}
		catch (NumberFormatException ex) {
			// not a double
		}
		if (timestamp(raw) != null) {
			return DataType.TIMESTAMP;
		}
		if (date(raw) != null) {
			return DataType.DATE;
		}
		return DataType.STRING;
	}

	/** The timestamp a value names, or null. */
	static LocalDateTime timestamp(String raw) {
		try {
			return LocalDateTime.parse(raw, TIMESTAMP);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** The date a value names ({@code yyyy-MM-dd}), or null. */
	static LocalDate date(String raw) {
		if (raw.length() != 10) {
			return null;
		}
		try {
			return LocalDate.parse(raw);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** Spark's {@code findWiderTypeForPartitionColumn}. */
	static DataType wider(DataType a, DataType b) {
		if (a == null || a == b) {
			return b;
		}
		if (a == DataType.NULL) {
			return b;
		}
		if (b == DataType.NULL) {
			return a;
		}
		if (a instanceof dev.kindling.engine.types.DecimalType da
				&& b instanceof dev.kindling.engine.types.DecimalType db) {
			return DataType.decimal(Math.max(da.precision(), db.precision()), 0);
		}
		int ra = numericRank(a);
		int rb = numericRank(b);
		if (ra >= 0 && rb >= 0) {
			DataType wide = ra > rb ? a : b;
			DataType narrow = ra > rb ? b : a;
			if (wide == DataType.DOUBLE && narrow != DataType.INT) {
				return DataType.STRING;
			}
			return wide;
		}
		if ((a == DataType.DATE && b == DataType.TIMESTAMP) || (a == DataType.TIMESTAMP && b == DataType.DATE)) {
			return DataType.TIMESTAMP;
		}
		return DataType.STRING;
	}

	private static int numericRank(DataType t) {
		if (t == DataType.INT) {
			return 0;
		}
		if (t == DataType.BIGINT) {
			return 1;
		}
		if (t.isDecimal()) {
			return 2;
		}
		return t == DataType.DOUBLE ? 3 : -1;
	}

	/** Spark's {@code unescapePathName}: {@code %XX} is the character XX. */
	public static String unescape(String text) {
		if (text.indexOf('%') < 0) {
			return text;
		}
		StringBuilder sb = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%' && i + 2 < text.length()) {
				int code = hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2));
				if (code >= 0 && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
					sb.append((char) code);
					i += 2;
					continue;
				}
			}
			sb.append(c);
		}
		return sb.toString();
	}

	private static int hex(char c) {
		return Character.digit(c, 16);
	}

	/**
	 * Spark's {@code escapePathName}: the characters a folder name cannot hold, or that
	 * would be read as something else, as {@code %XX}.
	 */
	public static String escape(String text) {
		StringBuilder sb = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < ' ' || c == 0x7F || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0) {
				sb.append('%').append(String.format("%02X", (int) c));
			}
			else {
				sb.append(c);
			}
		}
		return sb.toString();
	}

}
