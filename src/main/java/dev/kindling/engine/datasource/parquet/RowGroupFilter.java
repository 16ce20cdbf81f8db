package dev.kindling.engine.datasource.parquet;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;

import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Literal;

/**
 * Row-group skipping by min/max statistics, as Spark's Parquet filter push-down does: a
 * pushed filter {@code column <op> literal} (=, <, <=, >, >=; the literal on either side;
 * several joined by AND) rules a row group out when no value between its column's minimum
 * and maximum could pass, or when the column is null in every row. Anything else (other
 * expressions, decimals, NaN statistics, a type it does not compare) keeps the row group:
 * skipping is only ever an optimisation, and the filters still run on every row.
 */
final class RowGroupFilter {

	private RowGroupFilter() {
	}

	/** Whether no row of the group can pass every filter. */
	static boolean skip(BlockMetaData block, List<Expr> filters) {
		for (Expr f : filters) {
			if (rulesOut(block, f)) {
				return true;
			}
		}
		return false;
	}

	private static boolean rulesOut(BlockMetaData block, Expr f) {
		if (!(f instanceof dev.kindling.engine.expr.Binary b)) {
			return false;
		}
		if (b.op() == dev.kindling.engine.expr.Binary.Op.AND) {
			return rulesOut(block, b.left()) || rulesOut(block, b.right());
		}
		String op = b.op().symbol();
		ColumnRef column;
		Literal literal;
		if (b.left() instanceof ColumnRef c && b.right() instanceof Literal l) {
			column = c;
			literal = l;
		}
		else if (b.left() instanceof Literal l && b.right() instanceof ColumnRef c) {
			column = c;
			literal = l;
			op = switch (op) {
				case "<" -> ">";
				case "<=" -> ">=";
				case ">" -> "<";
				case ">=" -> "<=";
				default -> op;
			};
		}
		else {
			return false;
		}
		if (!List.of("=", "<", "<=", ">", ">=").contains(op) || literal.value() == null) {
			return false;
		}
		ColumnChunkMetaData chunk = null;
		for (ColumnChunkMetaData c : block.getColumns()) {
			if (c.getPath().size() == 1 && c.getPath().toArray()[0].equalsIgnoreCase(column.name())) {
				chunk = c;
			}
		}
		if (chunk == null) {
			return false;
		}
		try {
			Statistics<?> stats = chunk.getStatistics();
			if (stats == null || stats.isEmpty()) {
				return false;
			}
			if (stats.isNumNullsSet() && stats.getNumNulls() == block.getRowCount()) {
				return true;
			}
			if (!stats.hasNonNullValue()) {
				return false;
			}
			int low = compare(stats.genericGetMin(), literal.value(), chunk.getPrimitiveType());
			int high = compare(stats.genericGetMax(), literal.value(), chunk.getPrimitiveType());
			if (low == Integer.MIN_VALUE || high == Integer.MIN_VALUE) {
				return false;
			}
			return switch (op) {
				case "=" -> low > 0 || high < 0;
				case "<" -> low >= 0;
				case "<=" -> low > 0;
				case ">" -> high <= 0;
				default -> high < 0;
			};
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The sign of {@code stat - literal}, or {@link Integer#MIN_VALUE} when they do not
	 * compare.
	 */
	private static int compare(Object stat, Object literal, PrimitiveType type) {
		if (type.getLogicalTypeAnnotation() != null && !(type
			.getLogicalTypeAnnotation() instanceof org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation)
				&& !(type
					.getLogicalTypeAnnotation() instanceof org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation)
				&& !(type
					.getLogicalTypeAnnotation() instanceof org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation)) {
			return Integer.MIN_VALUE;
		}
		if (stat instanceof Binary bin && literal instanceof String s) {
			return Integer.signum(bin.compareTo(Binary.fromString(s)));
		}
		if (literal instanceof LocalDate d && stat instanceof Integer days) {
			return Long.signum(days.longValue() - d.toEpochDay());
		}
		if (stat instanceof Number n && literal instanceof Number l) {
			if (stat instanceof Double x && x.isNaN() || stat instanceof Float y && y.isNaN()) {
				return Integer.MIN_VALUE;
			}
			return new BigDecimal(n.toString()).compareTo(new BigDecimal(l.toString().toLowerCase(Locale.ROOT)));
		}
		return Integer.MIN_VALUE;
	}

}
