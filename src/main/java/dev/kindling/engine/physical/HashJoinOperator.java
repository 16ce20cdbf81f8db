package dev.kindling.engine.physical;

import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/** Placeholder until the shuffle operators land. */
final class HashJoinOperator implements Operator {

	private final HashJoinExec plan;

	HashJoinOperator(HashJoinExec plan, Operator left, Operator right) {
		this.plan = plan;
		throw new UnsupportedOperationException("not implemented yet: " + plan.describe());
	}

	@Override
	public Schema schema() {
		return this.plan.schema();
	}

	@Override
	public Batch next() {
		return null;
	}

}
