package dev.kindling.engine.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprException;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.Subquery;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;

/**
 * The state of analyzing one statement: its text (for error positions), the tables it may
 * read, and the unique internal names handed out so far.
 */
final class Analysis {

	final String sql;

	final Map<String, Table> tables;

	final Names names = new Names();

	/** What users call each internal name, for messages. */
	private final Map<String, String> userNames = new java.util.HashMap<>();

	/**
	 * A table a statement may read.
	 *
	 * @param path the file under the data root
	 * @param options the CSV options, with the schema pinned
	 */
	record Table(String name, String path, Map<String, Object> options, Schema schema) {
	}

	Analysis(String sql, Map<String, Table> tables) {
		this.sql = sql;
		this.tables = tables;
	}

	/** Remembers that {@code internal} is {@code shown} to users. */
	void remember(String internal, String shown) {
		this.userNames.putIfAbsent(internal, shown);
	}

	/** The name users wrote for an internal column name. */
	String userName(String internal) {
		return this.userNames.getOrDefault(internal, internal);
	}

	SqlException error(int position, String message, String token) {
		return SqlException.at(this.sql, position, message, token, null);
	}

	/** Runs {@code work}, turning expression and plan errors into SQL errors. */
	<T> T check(int position, Supplier<T> work) {
		try {
			return work.get();
		}
		catch (SqlException ex) {
			throw ex;
		}
		catch (ExprException ex) {
			throw SqlException.at(this.sql, ex.position() >= 0 ? ex.position() : position, ex.getMessage(), ex.column(),
					ex);
		}
		catch (PlanException ex) {
			throw SqlException.at(this.sql, ex.position() >= 0 ? ex.position() : position, ex.getMessage(), ex.column(),
					ex);
		}
	}

	/** The type of {@code expr} over {@code schema}, or a SQL error. */
	DataType typeOf(Expr expr, Schema schema) {
		return check(expr.position(), () -> Binder.bind(expr, schema).type());
	}

	/** Checks that a condition is boolean over {@code schema}. */
	void checkCondition(Expr condition, Schema schema, String clause) {
		DataType type = typeOf(condition, schema);
		if (type != DataType.BOOLEAN && type != DataType.NULL) {
			throw error(condition.position(), clause + " must be a boolean condition, but is " + type.sqlName(), null);
		}
	}

	/**
	 * {@code expr} with every column resolved to its internal name in {@code scope}; the
	 * columns of enclosing blocks it reads are added to {@code outerRefs}. Subqueries are
	 * left as they are (their IN operand is resolved).
	 */
	Expr resolve(Expr expr, Scope scope, List<Scope.Col> outerRefs) {
		return Expressions.transform(expr, e -> {
			if (e instanceof ColumnRef ref) {
				Scope.Found found = scope.resolve(ref, this);
				if (found.outer()) {
					outerRefs.add(found.col());
				}
				return new ColumnRef(found.col().internal(), ref.position());
			}
			return e;
		});
	}

	/** {@code expr} resolved in a scope with no correlation allowed. */
	Expr resolve(Expr expr, Scope scope, String clause) {
		List<Scope.Col> outer = new ArrayList<>();
		Expr resolved = resolve(expr, scope, outer);
		if (!outer.isEmpty()) {
			throw error(expr.position(), "a correlated reference to '" + outer.get(0).name() + "' is not supported in "
					+ clause + "; only in a subquery's WHERE", outer.get(0).name());
		}
		return resolved;
	}

	static boolean containsSubquery(Expr expr) {
		if (expr instanceof Subquery) {
			return true;
		}
		for (Expr child : Expressions.children(expr)) {
			if (containsSubquery(child)) {
				return true;
			}
		}
		return false;
	}

	static boolean containsAggregate(Expr expr) {
		return Expressions.containsAggregate(expr);
	}

	/** The name users see for an expression: a column's own name, else its text. */
	static String displayName(Expr expr) {
		if (expr instanceof ColumnRef ref) {
			return ref.name();
		}
		return Expressions.transform(expr, e -> e instanceof ColumnRef ref && ref.qualifier() != null
				? new ColumnRef(ref.name(), ref.position()) : e)
			.sql();
	}

	/** The internal column names an expression reads. */
	static Set<String> refs(Expr expr) {
		return Expressions.referencedColumns(expr);
	}

	static boolean isAggregate(Expr expr) {
		return expr instanceof AggregateCall;
	}

}
