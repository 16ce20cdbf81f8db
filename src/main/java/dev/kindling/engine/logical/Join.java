package dev.kindling.engine.logical;

import java.util.List;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.types.Schema;

/**
 * Joins two relations on equal keys. {@code leftKeys[i] = rightKeys[i]} for every i;
 * {@code
 * residual} is an extra condition on the joined row (may be null). With {@code using}
 * (join on column names) the output has each key column once, as in Spark's
 * {@code join(df, Seq("k"))}.
 */
public record Join(LogicalPlan left, LogicalPlan right, JoinType type, List<Expr> leftKeys, List<Expr> rightKeys,
		Expr residual, boolean using, Schema schema) implements LogicalPlan {

	/** The join types of DESIGN §4. */
	public enum JoinType {

		INNER, LEFT, RIGHT, FULL, SEMI, ANTI;

		public static JoinType parse(String name) {
			return switch (name == null ? "inner" : name.toLowerCase(java.util.Locale.ROOT)) {
				case "inner" -> INNER;
				case "left", "left_outer", "leftouter" -> LEFT;
				case "right", "right_outer", "rightouter" -> RIGHT;
				case "full", "outer", "full_outer", "fullouter" -> FULL;
				case "semi", "left_semi", "leftsemi" -> SEMI;
				case "anti", "left_anti", "leftanti" -> ANTI;
				default -> throw new IllegalArgumentException(
						"unknown join type '" + name + "' (expected inner, left, right, full, semi or anti)");
			};
		}

	}

	public Join {
		leftKeys = List.copyOf(leftKeys);
		rightKeys = List.copyOf(rightKeys);
	}

	@Override
	public List<LogicalPlan> children() {
		return List.of(this.left, this.right);
	}

	@Override
	public String describe() {
		StringBuilder sb = new StringBuilder("Join ").append(this.type.name().toLowerCase(java.util.Locale.ROOT))
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

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Join(children.get(0), children.get(1), this.type, this.leftKeys, this.rightKeys, this.residual,
				this.using, this.schema);
	}

}
