package dev.kindling.engine.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An ordered list of fields. Column names resolve case-insensitively, as in Spark's
 * default configuration.
 */
public record Schema(List<Field> fields) {

	private static final Pattern CHAR = Pattern.compile("(?i)(?:char|character)\\s*\\(\\s*(\\d{1,9})\\s*\\)");

	public Schema {
		fields = List.copyOf(fields);
	}

	public static Schema of(Field... fields) {
		return new Schema(List.of(fields));
	}

	public int size() {
		return this.fields.size();
	}

	public Field field(int index) {
		return this.fields.get(index);
	}

	public List<String> names() {
		return this.fields.stream().map(Field::name).toList();
	}

	/** The index of the column with this name (case-insensitive), or -1. */
	public int indexOf(String name) {
		for (int i = 0; i < this.fields.size(); i++) {
			if (this.fields.get(i).name().equalsIgnoreCase(name)) {
				return i;
			}
		}
		return -1;
	}

	/** A schema of the fields at these indexes, in this order. */
	public Schema project(int[] indexes) {
		List<Field> out = new ArrayList<>(indexes.length);
		for (int index : indexes) {
			out.add(this.fields.get(index));
		}
		return new Schema(out);
	}

	/**
	 * Parses a DDL schema string such as {@code "id INT, name STRING, joined DATE"}.
	 * @throws IllegalArgumentException naming the entry that is not {@code name type}
	 */
	public static Schema parse(String ddl) {
		if (ddl == null || ddl.isBlank()) {
			throw new IllegalArgumentException("schema is empty");
		}
		List<Field> out = new ArrayList<>();
		for (String part : splitTopLevel(ddl)) {
			String entry = part.trim();
			String name;
			String type;
			if (entry.startsWith("`")) {
				int close = entry.indexOf('`', 1);
				if (close < 0) {
					throw new IllegalArgumentException("unclosed backtick in schema entry '" + entry + "'");
				}
				name = entry.substring(1, close);
				type = entry.substring(close + 1).trim();
			}
			else {
				int space = entry.indexOf(' ');
				if (space < 0) {
					throw new IllegalArgumentException("schema entry '" + entry + "' must be 'name type'");
				}
				name = entry.substring(0, space);
				type = entry.substring(space + 1).trim();
			}
			if (name.isEmpty() || type.isEmpty()) {
				throw new IllegalArgumentException("schema entry '" + entry + "' must be 'name type'");
			}
			String upper = type.toUpperCase(Locale.ROOT);
			boolean nullable = true;
			if (upper.endsWith(" NOT NULL")) {
				nullable = false;
				type = type.substring(0, type.length() - " NOT NULL".length()).trim();
			}
			for (Field f : out) {
				if (f.name().equalsIgnoreCase(name)) {
					throw new IllegalArgumentException("duplicate column '" + name + "' in schema");
				}
			}
			out.add(new Field(name, DataType.parse(type), nullable, charLength(type)));
		}
		return new Schema(out);
	}

	/**
	 * The {@code n} of a {@code char(n)} type, 0 for any other type ({@code varchar(n)}
	 * included: Spark reads it as a string unchanged).
	 */
	private static int charLength(String type) {
		Matcher m = CHAR.matcher(type.trim());
		return m.matches() ? Integer.parseInt(m.group(1)) : 0;
	}

	private static List<String> splitTopLevel(String ddl) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < ddl.length(); i++) {
			char c = ddl.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				parts.add(ddl.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(ddl.substring(start));
		return parts;
	}

	/** The DDL form, {@code "id int, name string"}. */
	public String toDdl() {
		return this.fields.stream().map(Field::toString).collect(Collectors.joining(", "));
	}

}
