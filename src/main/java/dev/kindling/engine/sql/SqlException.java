package dev.kindling.engine.sql;

import dev.kindling.engine.logical.PlanException;

/**
 * A SQL job that cannot be parsed or planned: a syntax error, an unknown table or column,
 * an ambiguous name, a type error, or a form this engine does not run. The message names
 * the line and column ({@code "... at line 2, column 14"}); {@link #token()} is the text
 * at fault.
 */
public class SqlException extends PlanException {

	/** The job field every SQL error points at. */
	public static final String POINTER = "/sql";

	private final int position;

	private final int line;

	private final int columnNumber;

	private final String token;

	SqlException(String message, int position, int line, int column, String token, Throwable cause) {
		super(POINTER, message, position, null, cause);
		this.position = position;
		this.line = line;
		this.columnNumber = column;
		this.token = token;
	}

	/**
	 * An error at {@code position} of {@code sql}: the message gets
	 * {@code " at line L, column C"} in place of any {@code " at position N"}.
	 */
	static SqlException at(String sql, int position, String problem, String token, Throwable cause) {
		if (position < 0) {
			return new SqlException(problem, -1, -1, -1, token, cause);
		}
		int line = 1;
		int lineStart = 0;
		for (int i = 0; i < Math.min(position, sql.length()); i++) {
			if (sql.charAt(i) == '\n') {
				line++;
				lineStart = i + 1;
			}
		}
		int column = position - lineStart + 1;
		String where = " at line " + line + ", column " + column;
		String message = problem.contains(" at position " + position)
				? problem.replace(" at position " + position, where) : problem + where;
		return new SqlException(message, position, line, column, token != null ? token : tokenAt(sql, position), cause);
	}

	/** The word, number or symbol that starts at {@code position}. */
	private static String tokenAt(String sql, int position) {
		if (position >= sql.length()) {
			return "";
		}
		int end = position;
		char c = sql.charAt(position);
		if (Character.isLetterOrDigit(c) || c == '_') {
			while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
				end++;
			}
		}
		else if (c == '\'' || c == '`' || c == '"') {
			end = sql.indexOf(c, position + 1);
			end = (end < 0) ? sql.length() : end + 1;
		}
		else {
			end = position + 1;
		}
		return sql.substring(position, end);
	}

	/** The 0-based offset in the SQL text, or -1. */
	@Override
	public int position() {
		return this.position;
	}

	/** The 1-based line, or -1. */
	public int line() {
		return this.line;
	}

	/** The 1-based column in the line, or -1. */
	public int columnNumber() {
		return this.columnNumber;
	}

	/** The text at fault (a token or a name), or {@code null}. */
	public String token() {
		return this.token;
	}

}
