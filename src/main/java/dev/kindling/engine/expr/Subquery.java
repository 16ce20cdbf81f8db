package dev.kindling.engine.expr;

import java.util.Objects;

/**
 * A query inside an expression, as SQL writes it: a scalar subquery
 * {@code (SELECT max(x) FROM t)}, {@code [NOT] EXISTS (SELECT ...)} or
 * {@code x [NOT] IN (SELECT ...)}. Only the SQL analyzer accepts it: it turns every
 * subquery into a join (as Spark and DataFusion do), so no bound expression ever holds
 * one. The query itself is opaque here ({@link Query}), so expressions do not depend on
 * the SQL package that parses it.
 *
 * @param kind which form
 * @param operand the tested value of {@code IN}, else {@code null}
 * @param query the parsed query
 * @param negated {@code NOT EXISTS} or {@code NOT IN}
 */
public record Subquery(Kind kind, Expr operand, Query query, boolean negated, int position) implements Expr {

	/** The forms of a subquery in an expression. */
	public enum Kind {

		SCALAR, EXISTS, IN

	}

	/** A parsed query, as the SQL package represents it. */
	public interface Query {

		/** The query's text in canonical form, for plans and messages. */
		String sql();

	}

	public Subquery {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(query, "query");
		if ((kind == Kind.IN) != (operand != null)) {
			throw new IllegalArgumentException("only IN has an operand");
		}
		if (kind == Kind.SCALAR && negated) {
			throw new IllegalArgumentException("a scalar subquery cannot be negated");
		}
	}

	@Override
	public String sql() {
		String inner = "(" + this.query.sql() + ")";
		String text = switch (this.kind) {
			case SCALAR -> "scalarsubquery" + inner;
			case EXISTS -> "exists" + inner;
			case IN -> "(" + this.operand.sql() + " IN " + inner + ")";
		};
		return this.negated ? "(NOT " + text + ")" : text;
	}

}
