package dev.kindling.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.kindling.engine.physical.Operator;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * Builds batches from rows of plain Java values and reads them back, for operator tests.
 */
public final class TestBatches {

	private TestBatches() {
	}

	/** One batch of these rows, values as {@link ColumnVector#getObject} returns them. */
	public static Batch batch(Schema schema, List<Object[]> rows) {
		List<ColumnVector> columns = new ArrayList<>();
		for (int c = 0; c < schema.size(); c++) {
			ColumnVector v = ColumnVector.allocate(schema.field(c).type(), rows.size());
			for (Object[] row : rows) {
				v.appendObject(row[c]);
			}
			columns.add(v);
		}
		return Batch.of(columns, rows.size());
	}

	/** The rows cut into batches of at most {@code batchSize} rows. */
	public static List<Batch> batches(Schema schema, List<Object[]> rows, int batchSize) {
		List<Batch> out = new ArrayList<>();
		for (int from = 0; from < rows.size(); from += batchSize) {
			out.add(batch(schema, rows.subList(from, Math.min(rows.size(), from + batchSize))));
		}
		return out;
	}

	/** An operator that yields these rows in batches of at most {@code batchSize}. */
	public static Operator source(Schema schema, List<Object[]> rows, int batchSize) {
		return source(schema, batches(schema, rows, batchSize).iterator());
	}

	/** An operator that yields these batches. */
	public static Operator source(Schema schema, Iterator<Batch> batches) {
		return new Operator() {

			@Override
			public Schema schema() {
				return schema;
			}

			@Override
			public Batch next() {
				return batches.hasNext() ? batches.next() : null;
			}

		};
	}

	/** Every row an operator yields, until it is exhausted. */
	public static List<Object[]> drain(Operator op) {
		List<Object[]> rows = new ArrayList<>();
		Batch b;
		while ((b = op.next()) != null) {
			rows.addAll(rows(b));
		}
		return rows;
	}

	public static List<Object[]> rows(Batch b) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < b.rowCount(); i++) {
			rows.add(b.row(i));
		}
		return rows;
	}

	public static List<Object[]> rows(Iterator<Batch> batches) {
		List<Object[]> rows = new ArrayList<>();
		while (batches.hasNext()) {
			rows.addAll(rows(batches.next()));
		}
		return rows;
	}

	/** Rows as lists, which compare by value (for AssertJ). */
	public static List<List<Object>> asLists(List<Object[]> rows) {
		List<List<Object>> out = new ArrayList<>();
		for (Object[] r : rows) {
			out.add(java.util.Arrays.asList(r));
		}
		return out;
	}

}
