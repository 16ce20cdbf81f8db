package dev.kindling.engine.expr.eval;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Temporal;

import static dev.kindling.engine.expr.eval.FunctionArguments.arity;
import static dev.kindling.engine.expr.eval.FunctionArguments.number;
import static dev.kindling.engine.expr.eval.FunctionArguments.text;

/**
 * Functions that format values as text, and digests of text: {@code format_number},
 * {@code format_string}/{@code printf}, {@code md5}, {@code sha1}, {@code sha2},
 * {@code crc32}, {@code base64} and {@code hex}, as Spark computes them (a string is
 * digested as its UTF-8 bytes; digests are lower-case hex).
 */
final class FormatFunctions {

	private static final String NUMBER_PATTERN = "#,###,###,###,###,###,##0";

	private FormatFunctions() {
	}

	/**
	 * {@code format_number(x, d)}: x with grouping commas and {@code d} decimals (null
	 * for d &lt; 0), rounded half-even as Java's {@code DecimalFormat}; or
	 * {@code format_number(x, pattern)} with a {@code DecimalFormat} pattern.
	 */
	static BoundExpr formatNumber(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		BoundExpr x = number(call, args, 0);
		boolean pattern = args.get(1).type() == DataType.STRING;
		BoundExpr d = pattern ? args.get(1) : FunctionArguments.integer(call, args, 1);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(x, d), DataType.STRING, (a) -> {
			DecimalFormat format = new DecimalFormat("", new DecimalFormatSymbols(Locale.US));
			if (a[1] instanceof String p) {
				try {
					format.applyLocalizedPattern(p.isEmpty() ? NUMBER_PATTERN : p);
				}
				catch (IllegalArgumentException ex) {
					throw new ExprException("invalid number pattern '" + p + "' in format_number", -1);
				}
			}
			else {
				int decimals = (Integer) a[1];
				if (decimals < 0) {
					return null;
				}
				format.applyLocalizedPattern(NUMBER_PATTERN + ((decimals > 0) ? "." + "0".repeat(decimals) : ""));
			}
			Object v = a[0];
			if (v instanceof BigDecimal b) {
				return format.format(b);
			}
			if (v instanceof Double dv) {
				return format.format(dv.doubleValue());
			}
			return format.format(((Number) v).longValue());
		});
	}

	/**
	 * {@code format_string(fmt, args...)} and {@code printf}: Java's
	 * {@code String.format} in the US locale; null only when {@code fmt} is. Dates and
	 * timestamps are passed as their text.
	 */
	static BoundExpr formatString(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, Integer.MAX_VALUE);
		List<BoundExpr> coerced = new ArrayList<>(args);
		coerced.set(0, text(args.get(0)));
		return new RowFunctionEval(call.name(), coerced, DataType.STRING, false, (a) -> {
			if (a[0] == null) {
				return null;
			}
			Object[] values = new Object[a.length - 1];
			for (int i = 1; i < a.length; i++) {
				values[i - 1] = (a[i] instanceof LocalDateTime t) ? Temporal.formatTimestamp(t)
						: (a[i] instanceof java.time.LocalDate d) ? d.toString() : a[i];
			}
			try {
				return String.format(Locale.US, (String) a[0], values);
			}
			catch (IllegalFormatException ex) {
				throw new ExprException("invalid format '" + a[0] + "' in " + call.name() + ": " + ex.getMessage(), -1);
			}
		});
	}

	/** {@code md5}, {@code sha1} and {@code sha}: the digest of the text, in hex. */
	static BoundExpr digest(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		String algorithm = call.name().equals("md5") ? "MD5" : "SHA-1";
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0))), DataType.STRING,
				(a) -> hex(algorithm, (String) a[0]));
	}

	/**
	 * {@code sha2(str, bits)}: the SHA-2 digest of 224, 256 (or 0), 384 or 512 bits, in
	 * hex; null for another length.
	 */
	static BoundExpr sha2(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 2, 2);
		return RowFunctionEval.nullIntolerant(call.name(),
				List.of(text(args.get(0)), FunctionArguments.integer(call, args, 1)), DataType.STRING, (a) -> {
					int bits = (Integer) a[1];
					String algorithm = switch (bits) {
						case 0, 256 -> "SHA-256";
						case 224 -> "SHA-224";
						case 384 -> "SHA-384";
						case 512 -> "SHA-512";
						default -> null;
					};
					return (algorithm == null) ? null : hex(algorithm, (String) a[0]);
				});
	}

	private static String hex(String algorithm, String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code crc32(str)}: the CRC-32 of the UTF-8 bytes, as a bigint. */
	static BoundExpr crc32(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0))), DataType.BIGINT, (a) -> {
			CRC32 crc = new CRC32();
			crc.update(((String) a[0]).getBytes(StandardCharsets.UTF_8));
			return crc.getValue();
		});
	}

	/** {@code base64(str)}: the UTF-8 bytes in base 64, without line breaks. */
	static BoundExpr base64(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(args.get(0))), DataType.STRING,
				(a) -> Base64.getEncoder().encodeToString(((String) a[0]).getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * {@code hex(x)}: an integer in upper-case hexadecimal (two's complement for
	 * negatives), or the UTF-8 bytes of a string.
	 */
	static BoundExpr hex(FunctionCall call, List<BoundExpr> args) {
		arity(call, args, 1, 1);
		BoundExpr x = args.get(0);
		if (x.type().isIntegral()) {
			return RowFunctionEval.nullIntolerant(call.name(), List.of(TypeCoercion.cast(x, DataType.BIGINT)),
					DataType.STRING, (a) -> Long.toHexString((Long) a[0]).toUpperCase(Locale.ROOT));
		}
		return RowFunctionEval.nullIntolerant(call.name(), List.of(text(x)), DataType.STRING,
				(a) -> HexFormat.of().withUpperCase().formatHex(((String) a[0]).getBytes(StandardCharsets.UTF_8)));
	}

}
