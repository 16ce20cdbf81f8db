package dev.kindling.engine.sql;

import java.util.ArrayList;
import java.util.List;

import dev.kindling.engine.expr.Expr;

/**
 * What a subquery's analysis hands back besides its plan: the conditions of its WHERE
 * that read the enclosing query's columns. They are not applied inside the subquery; they
 * become the condition of the join that replaces it. Their inner columns are outputs of
 * the subquery's plan: for an aggregating subquery the inner side of each equality is
 * made a grouping key, so the aggregate is computed once per correlation key (as Spark
 * and DataFusion decorrelate), never per outer row.
 */
final class Correlation {

	/** The correlated conditions, over outer and inner internal names. */
	final List<Expr> predicates = new ArrayList<>();

	/** Whether the subquery aggregates (its correlated conditions are all keys then). */
	boolean aggregated;

	/**
	 * Whether the subquery's single output is a bare count, which is 0, not null, when no
	 * row matches.
	 */
	boolean countOutput;

}
