package dev.kindling.engine.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.types.DataType;

/**
 * The columns a query block can name, and the block around it (for correlated
 * subqueries).
 */
final class Scope {

	/**
	 * A column as the query sees it.
	 *
	 * @param qualifier the table name or alias that qualifies it, or {@code null}
	 * @param name the name the query uses
	 * @param internal the unique name in the logical plan
	 */
	record Col(String qualifier, String name, String internal, DataType type) {

		Col withName(String newName) {
			return new Col(this.qualifier, newName, this.internal, this.type);
		}

		Col withQualifier(String newQualifier) {
			return new Col(newQualifier, this.name, this.internal, this.type);
		}

		boolean matches(ColumnRef ref) {
			return this.name.equalsIgnoreCase(ref.name())
					&& (ref.qualifier() == null || ref.qualifier().equalsIgnoreCase(this.qualifier));
		}

	}

	/** A column found by name, and whether it belongs to an enclosing block. */
	record Found(Col col, boolean outer) {
	}

	final List<Col> columns;

	final Scope outer;

	Scope(List<Col> columns, Scope outer) {
		this.columns = List.copyOf(columns);
		this.outer = outer;
	}

	/**
	 * The column {@code ref} names: in this block, else in the enclosing one (a
	 * correlation).
	 * @throws SqlException when the name is unknown, ambiguous, or belongs to a block
	 * further out
	 */
	Found resolve(ColumnRef ref, Analysis analysis) {
		Col local = find(ref, analysis);
		if (local != null) {
			return new Found(local, false);
		}
		if (this.outer != null) {
			Col outerCol = this.outer.find(ref, analysis);
			if (outerCol != null) {
				return new Found(outerCol, true);
			}
			if (this.outer.outer != null && this.outer.outer.resolvable(ref, analysis)) {
				throw analysis.error(ref.position(),
						"column '" + ref.sql() + "' refers to a query two levels out; only the enclosing query's "
								+ "columns may be used in a subquery",
						ref.sql());
			}
		}
		throw analysis.error(ref.position(), "unknown column '" + ref.sql() + "' (available: " + available() + ")",
				ref.sql());
	}

	private boolean resolvable(ColumnRef ref, Analysis analysis) {
		return find(ref, analysis) != null || (this.outer != null && this.outer.resolvable(ref, analysis));
	}

	private Col find(ColumnRef ref, Analysis analysis) {
		List<Col> found = new ArrayList<>();
		for (Col c : this.columns) {
			if (c.matches(ref) && found.stream().noneMatch(f -> f.internal().equals(c.internal()))) {
				found.add(c);
			}
		}
		if (found.size() > 1) {
			throw analysis.error(ref.position(), "column '" + ref.sql() + "' is ambiguous: it could be "
					+ found.stream().map(c -> c.qualifier() + "." + c.name()).collect(Collectors.joining(" or "))
					+ "; qualify it with a table name or alias", ref.sql());
		}
		return found.isEmpty() ? null : found.get(0);
	}

	/** The columns of {@code qualifier} (every column when null), for {@code t.*}. */
	List<Col> columnsOf(String qualifier) {
		if (qualifier == null) {
			return this.columns;
		}
		return this.columns.stream().filter(c -> qualifier.equalsIgnoreCase(c.qualifier())).toList();
	}

	private String available() {
		return this.columns.stream()
			.map(c -> c.qualifier() == null ? c.name() : c.qualifier() + "." + c.name())
			.collect(Collectors.joining(", "));
	}

}
