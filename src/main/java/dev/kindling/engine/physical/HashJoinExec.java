package dev.kindling.engine.physical;

import java.util.List;
import java.util.Locale;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.types.Schema;

/**
 * Joins co-partitioned inputs: builds a hash table of the right side and streams the left
 * side through it. {@code using} joins output each key column once (the left key; for
 * full joins the non-null one of both). {@code broadcast} marks a right side that is read
 * whole by every task.
 */
public record HashJoinExec(PhysicalPlan left, PhysicalPlan right, JoinType type, List<Expr> leftKeys,
		List<Expr> rightKeys, Expr residual, boolean using, Schema schema, boolean broadcast) implements PhysicalPlan {

	@Override
	public List<PhysicalPlan> children() {
		return List.of(this.left, this.right);
	}

	@Override
	public String describe() {
		StringBuilder sb = new StringBuilder(this.broadcast ? "BroadcastHashJoin " : "ShuffledHashJoin ")
			.append(this.type.name().toLowerCase(Locale.ROOT))
			.append(" on ");
		for (int i = 0; i < this.leftKeys.size(); i++) {
			if (i > 0) {
				sb.append(" AND ");
			}
			sb.append(this.leftKeys.get(i).sql()).append(" = ").append(this.rightKeys.get(i).sql());
		}
		if (this.residual != null) {
			sb.append(" AND ").append(this.residual.sql());
		}
		return sb.toString();
	}

}
