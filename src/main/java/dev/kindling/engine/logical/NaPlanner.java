package dev.kindling.engine.logical;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.kindling.engine.expr.Binary;
import dev.kindling.engine.expr.Cast;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.IsNull;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.Unary;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.logical.PlanChecks.required;

/**
 * Spark's {@code df.na} functions as pipeline steps: {@code fillna} (also
 * {@code na.fill}) replaces nulls, {@code dropna} (also {@code na.drop}) drops rows with
 * nulls. As in Spark, a value fills only the columns of its kind: a number the numeric
 * columns (cast to each column's type, so 1.5 fills an int column with 1), a string the
 * string columns, a boolean the boolean ones; dates and timestamps are never filled. A
 * NaN counts as null for dropna.
 */
final class NaPlanner {

	private NaPlanner() {
	}

	/**
	 * {@code {"op":"fillna","value":0,"subset":["age"]}} or
	 * {@code {"op":"fillna","values":{"age":0,"city":"unknown"}}}.
	 */
	static LogicalPlan fillna(LogicalPlan child, StepSpec step, String at) {
		Schema schema = child.schema();
		Map<String, Object> fills = new LinkedHashMap<>();
		if (step.values() != null) {
			if (step.value() != null) {
				throw new PlanException(at + "/values", "give value or values, not both");
			}
			if (step.values().isEmpty()) {
				throw new PlanException(at + "/values", "values must map at least one column to its value");
			}
			for (Map.Entry<String, Object> e : step.values().entrySet()) {
				String field = at + "/values/" + e.getKey();
				int index = schema.indexOf(e.getKey());
				if (index < 0) {
					throw RowStepsPlanner.unknownColumn(field, e.getKey(), schema);
				}
				Field f = schema.field(index);
				Object value = e.getValue();
				checkValue(value, field);
				if (!fills(f.type(), value)) {
					throw new PlanException(field, "cannot fill column '" + f.name() + "' of type " + f.type().sqlName()
							+ " with " + describe(value));
				}
				fills.put(f.name().toLowerCase(Locale.ROOT), value);
			}
		}
		else {
			if (step.value() == null) {
				throw new PlanException(at + "/value", "value (or values) is required");
			}
			checkValue(step.value(), at + "/value");
			for (Field f : scope(schema, step.subset(), at)) {
				if (fills(f.type(), step.value())) {
					fills.put(f.name().toLowerCase(Locale.ROOT), step.value());
				}
			}
		}
		List<NamedExpr> exprs = new ArrayList<>();
		for (Field f : schema.fields()) {
			Object value = fills.get(f.name().toLowerCase(Locale.ROOT));
			Expr column = new ColumnRef(f.name(), 0);
			if (value == null) {
				exprs.add(new NamedExpr(column, f.name()));
				continue;
			}
			Expr fill = new Cast(literal(value), f.type(), -1);
			exprs.add(new NamedExpr(new FunctionCall("coalesce", List.of(column, fill), -1), f.name()));
		}
		return Project.of(child, exprs);
	}

	/**
	 * {@code {"op":"dropna","how":"any"|"all","thresh":2,"subset":[...]}}: drops a row
	 * with any (or all) of the columns null or NaN, or with fewer than {@code thresh}
	 * non-null values, which decides when given.
	 */
	static LogicalPlan dropna(LogicalPlan child, StepSpec step, String at) {
		String how = (step.how() == null) ? "any" : step.how().toLowerCase(Locale.ROOT);
		if (!how.equals("any") && !how.equals("all")) {
			throw new PlanException(at + "/how", "how must be 'any' or 'all', got '" + step.how() + "'");
		}
		if (step.thresh() != null && step.thresh() < 0) {
			throw new PlanException(at + "/thresh", "thresh must be 0 or more, got " + step.thresh());
		}
		List<Field> columns = scope(child.schema(), step.subset(), at);
		List<Expr> present = new ArrayList<>();
		for (Field f : columns) {
			Expr column = new ColumnRef(f.name(), 0);
			Expr notNull = new IsNull(column, true, -1);
			if (f.type() == DataType.DOUBLE) {
				notNull = new Binary(Binary.Op.AND, notNull,
						new Unary(Unary.Op.NOT, new FunctionCall("isnan", List.of(column), -1), -1), -1);
			}
			present.add(notNull);
		}
		int thresh = (step.thresh() != null) ? step.thresh() : how.equals("any") ? columns.size() : 1;
		if (thresh <= 0 || columns.isEmpty()) {
			return child;
		}
		Expr count = null;
		for (Expr p : present) {
			Expr one = new FunctionCall("if",
					List.of(p, new Literal(1, DataType.INT, -1), new Literal(0, DataType.INT, -1)), -1);
			count = (count == null) ? one : new Binary(Binary.Op.ADD, count, one, -1);
		}
		Expr condition;
		if (step.thresh() == null && how.equals("any")) {
			condition = present.stream().reduce((a, b) -> new Binary(Binary.Op.AND, a, b, -1)).orElseThrow();
		}
		else if (step.thresh() == null) {
			condition = present.stream().reduce((a, b) -> new Binary(Binary.Op.OR, a, b, -1)).orElseThrow();
		}
		else {
			condition = new Binary(Binary.Op.GE, count, new Literal(thresh, DataType.INT, -1), -1);
		}
		return new Filter(child, condition);
	}

	/** The columns of {@code subset}, or every column. */
	private static List<Field> scope(Schema schema, List<String> subset, String at) {
		if (subset == null) {
			return schema.fields();
		}
		List<Field> out = new ArrayList<>();
		for (int i = 0; i < subset.size(); i++) {
			String name = required(subset.get(i), at + "/subset/" + i);
			int index = schema.indexOf(name);
			if (index < 0) {
				throw RowStepsPlanner.unknownColumn(at + "/subset/" + i, name, schema);
			}
			out.add(schema.field(index));
		}
		return out;
	}

	private static void checkValue(Object value, String at) {
		if (!(value instanceof Number || value instanceof String || value instanceof Boolean)) {
			throw new PlanException(at, "a fill value must be a number, a string or a boolean, got "
					+ ((value == null) ? "null" : describe(value)));
		}
	}

	/** Whether Spark fills a column of this type with this value. */
	private static boolean fills(DataType type, Object value) {
		if (value instanceof Number) {
			return type.isNumeric();
		}
		if (value instanceof String) {
			return type == DataType.STRING;
		}
		return type == DataType.BOOLEAN;
	}

	private static String describe(Object value) {
		if (value instanceof String s) {
			return "the string '" + s + "'";
		}
		if (value instanceof Number n) {
			return "the number " + n;
		}
		if (value instanceof Boolean b) {
			return "the boolean " + b;
		}
		return "a " + value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
	}

	private static Literal literal(Object value) {
		if (value instanceof String s) {
			return new Literal(s, DataType.STRING, -1);
		}
		if (value instanceof Boolean b) {
			return new Literal(b, DataType.BOOLEAN, -1);
		}
		if (value instanceof Integer i) {
			return new Literal(i, DataType.INT, -1);
		}
		if (value instanceof Long l) {
			return new Literal(l, DataType.BIGINT, -1);
		}
		if (value instanceof BigDecimal d) {
			return new Literal(d.doubleValue(), DataType.DOUBLE, -1);
		}
		return new Literal(((Number) value).doubleValue(), DataType.DOUBLE, -1);
	}

}
