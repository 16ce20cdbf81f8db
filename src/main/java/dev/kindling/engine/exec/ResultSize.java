package dev.kindling.engine.exec;

import java.math.BigDecimal;

/**
 * The size a collected row takes in the task's report, as JSON text: what a task counts
 * against its job's result budget. Exact for strings without characters JSON escapes,
 * numbers and booleans; a near estimate otherwise (the driver checks the exact size of
 * what it receives).
 */
public final class ResultSize {

	private ResultSize() {
	}

	/** {@code [v1,v2,...]} and the comma that separates it from the next row. */
	public static long of(Object[] row) {
		long n = 2 + row.length;
		for (Object v : row) {
			n += of(v);
		}
		return n;
	}

	static long of(Object v) {
		if (v == null) {
			return 4;
		}
		if (v instanceof String s) {
			// quotes, and the characters JSON escapes as \" \\ or \\u00XX
			long n = s.length() + 2L;
			for (int i = 0; i < s.length(); i++) {
				char c = s.charAt(i);
				if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
					n += 1;
				}
				else if (c < 0x20) {
					n += 5;
				}
				else if (c == '"' || c == '\\') {
					n += 1;
				}
			}
			return n;
		}
		if (v instanceof BigDecimal d) {
			// a decimal travels as its digits in a string
			return d.toPlainString().length() + 2L;
		}
		if (v instanceof byte[] b) {
			// base64 in a string
			return 4L * ((b.length + 2) / 3) + 2;
		}
		if (v instanceof Number || v instanceof Boolean) {
			return v.toString().length();
		}
		return v.toString().length() + 2L;
	}

}
