package dev.kindling.engine.logical;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.expr.AggregateCall;
import dev.kindling.engine.expr.FunctionCall;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.eval.BoundAggregate;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

import static dev.kindling.engine.logical.PlanChecks.required;
import static dev.kindling.engine.logical.PlanChecks.parseNamed;
import static dev.kindling.engine.logical.PlanChecks.bindScalar;
import static dev.kindling.engine.logical.PlanChecks.wrap;

/**
 * Plans a groupBy step: parses and type-checks its keys, binds each aggregation to its
 * {@link dev.kindling.engine.aggregate.AggregateFunction} for the result type, and
 * refuses duplicate output names.
 */
final class GroupByPlanner {

	private GroupByPlanner() {
	}

	/**
	 * A groupBy step over {@code child}: its keys, its aggregate calls and their types.
	 */
	static Aggregate plan(LogicalPlan child, StepSpec step, String at) {
		List<String> keyTexts = step.keys() == null ? List.of() : step.keys();
		List<String> aggTexts = step.aggregations() == null ? List.of() : step.aggregations();
		if (keyTexts.isEmpty() && aggTexts.isEmpty()) {
			throw new PlanException(at + "/aggregations", "groupBy needs keys or aggregations");
		}
		List<NamedExpr> keys = new ArrayList<>();
		List<Field> fields = new ArrayList<>();
		for (int i = 0; i < keyTexts.size(); i++) {
			String field = at + "/keys/" + i;
			NamedExpr key = parseNamed(required(keyTexts.get(i), field), field);
			fields.add(new Field(key.outputName(), bindScalar(key.expr(), child.schema(), field).type()));
			keys.add(key);
		}
		List<NamedExpr> aggregates = new ArrayList<>();
		for (int i = 0; i < aggTexts.size(); i++) {
			String field = at + "/aggregations/" + i;
			NamedExpr agg = parseNamed(required(aggTexts.get(i), field), field);
			if (!(agg.expr() instanceof AggregateCall call)) {
				if (agg.expr() instanceof FunctionCall) {
					// an unknown name or a refused one (collect_list) has its own message
					bindScalar(agg.expr(), child.schema(), field);
				}
				throw new PlanException(field, "aggregation must be a call of an aggregate function such as count(*) "
						+ "or sum(x) (docs/functions.md lists them)");
			}
			DataType type = wrap(() -> BoundAggregate.bind(call, child.schema()), field).resultType();
			fields.add(new Field(agg.outputName(), type));
			aggregates.add(agg);
		}
		Set<String> seen = new HashSet<>();
		for (Field f : fields) {
			if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
				throw new PlanException(at, "duplicate output column '" + f.name() + "' (use AS to rename)");
			}
		}
		return new Aggregate(child, keys, aggregates, new Schema(fields));
	}

}
