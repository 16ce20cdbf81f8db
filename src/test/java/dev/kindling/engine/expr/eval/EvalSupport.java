package dev.kindling.engine.expr.eval;

import dev.kindling.engine.expr.ExprParser;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.types.AnsiMode;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/** A small table to bind and evaluate expressions against. */
public final class EvalSupport {

	public static final Schema SCHEMA = Schema
		.parse("id INT NOT NULL, name STRING, age INT, salary DOUBLE, big BIGINT, "
				+ "price DECIMAL(10,2), active BOOLEAN, joined DATE, seen TIMESTAMP, code STRING");

	static final Object[][] ROWS = {
			{ 1, "alice", 30, 1000.0, 10L, new BigDecimal("1.50"), true, LocalDate.of(2024, 1, 31),
					LocalDateTime.of(2024, 1, 31, 10, 0), "42" },
			{ 2, "bob", null, 2000.5, null, null, false, LocalDate.of(2023, 6, 15), null, "x" },
			{ 3, null, 45, null, 30L, new BigDecimal("2.25"), null, null, LocalDateTime.of(2020, 2, 29, 23, 59, 59),
					null },
			{ 4, "Émile", 25, 0.0, -5L, new BigDecimal("0.00"), true, LocalDate.of(2024, 12, 1),
					LocalDateTime.of(2024, 12, 1, 0, 0), " 7 " } };

	public static final Batch BATCH = batch(SCHEMA, ROWS);

	private EvalSupport() {
	}

	static Batch batch(Schema schema, Object[][] rows) {
		List<ColumnVector> columns = new ArrayList<>();
		for (int c = 0; c < schema.size(); c++) {
			ColumnVector v = ColumnVector.allocate(schema.field(c).type(), rows.length);
			for (Object[] row : rows) {
				v.appendObject(row[c]);
			}
			columns.add(v);
		}
		return Batch.of(columns, rows.length);
	}

	/** Bound in ANSI mode, Spark 4's default. */
	static BoundExpr bind(String text) {
		return Binder.bind(ExprParser.parse(text), SCHEMA);
	}

	/**
	 * Bound without ANSI mode, as Spark 3 (or {@code kindling.sql.ansi.enabled=false}).
	 */
	static BoundExpr bindLegacy(String text) {
		return AnsiMode.with(false, () -> bind(text));
	}

	/** The value of the expression for every row, without ANSI mode. */
	static List<Object> evalLegacy(String text) {
		return values(bindLegacy(text));
	}

	/** The value of an expression that does not read columns, without ANSI mode. */
	static Object valueLegacy(String text) {
		return evalLegacy(text).get(0);
	}

	/** The value of the expression for every row of the test table. */
	static List<Object> eval(String text) {
		return values(bind(text));
	}

	static List<Object> values(BoundExpr bound) {
		ColumnVector v = bound.evaluate(BATCH);
		List<Object> out = new ArrayList<>();
		for (int i = 0; i < BATCH.rowCount(); i++) {
			out.add(v.getObject(i));
		}
		return out;
	}

	/** The value of an expression that does not read columns (one row). */
	static Object value(String text) {
		return eval(text).get(0);
	}

	/** The value of a constant expression bound in a session. */
	static Object value(Session session, String text) {
		return Session.with(session, () -> value(text));
	}

	/** The values of an expression for every row, bound in a session. */
	static List<Object> eval(Session session, String text) {
		return Session.with(session, () -> eval(text));
	}

	/** A session of this zone, ANSI mode on or off, started at this instant. */
	static Session session(String zone, boolean ansi, String start) {
		java.time.Instant i = java.time.Instant.parse(start);
		return new Session(Session.zone(zone), ansi, i.getEpochSecond() * 1_000_000L + i.getNano() / 1000);
	}

	/** UTC, ANSI mode off: Spark 3's lenient nulls. */
	static final Session LENIENT = new Session(java.time.ZoneOffset.UTC, false, 0L);

}
