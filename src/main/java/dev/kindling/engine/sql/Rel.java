package dev.kindling.engine.sql;

import java.util.List;

import dev.kindling.engine.logical.LogicalPlan;

/**
 * An analyzed relation: its plan and the columns a query sees in it (their internal names
 * are columns of the plan, which may have more).
 */
record Rel(LogicalPlan plan, List<Scope.Col> columns) {

	Rel {
		columns = List.copyOf(columns);
	}

	Rel withPlan(LogicalPlan newPlan) {
		return new Rel(newPlan, this.columns);
	}

	Rel withQualifier(String qualifier) {
		return new Rel(this.plan, this.columns.stream().map(c -> c.withQualifier(qualifier)).toList());
	}

}
