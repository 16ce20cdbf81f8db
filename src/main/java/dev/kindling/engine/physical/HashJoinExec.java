package dev.kindling.engine.physical;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Cast;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.TypeCoercion;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.logical.Join.JoinType;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Joins co-partitioned inputs: builds a hash table of the right side and streams the left
 * side through it. {@code using} joins output each key column once (the left key; for
 * full joins the non-null one of both). {@code broadcast} marks a right side that is read
 * whole by every task.
 *
 * @param leftKeys the left keys as written, for printing
 * @param rightKeys the right keys as written, for printing
 * @param residual an extra condition on the joined row as written, or null
 * @param boundLeftKeys the left keys bound to the left input's schema
 * @param boundRightKeys the right keys bound to the right input's schema
 * @param boundResidual the residual bound to the left columns then the right ones, or
 * null
 */
public record HashJoinExec(PhysicalPlan left, PhysicalPlan right, JoinType type, List<Expr> leftKeys,
		List<Expr> rightKeys, Expr residual, boolean using, Schema schema, boolean broadcast,
		List<BoundExpr> boundLeftKeys, List<BoundExpr> boundRightKeys,
		BoundExpr boundResidual) implements PhysicalPlan {

	public HashJoinExec {
		leftKeys = List.copyOf(leftKeys);
		rightKeys = List.copyOf(rightKeys);
		boundLeftKeys = List.copyOf(boundLeftKeys);
		boundRightKeys = List.copyOf(boundRightKeys);
		if (leftKeys.size() != rightKeys.size() || boundLeftKeys.size() != leftKeys.size()
				|| boundRightKeys.size() != rightKeys.size() || (residual == null) != (boundResidual == null)) {
			throw new IllegalArgumentException("a join needs as many bound keys on each side as it has keys");
		}
	}

	/** A join with its keys and residual bound to the inputs' schemas. */
	public static HashJoinExec of(PhysicalPlan left, PhysicalPlan right, JoinType type, List<Expr> leftKeys,
			List<Expr> rightKeys, Expr residual, boolean using, Schema schema, boolean broadcast) {
		List<BoundExpr> lk = new ArrayList<>();
		List<BoundExpr> rk = new ArrayList<>();
		for (int i = 0; i < leftKeys.size(); i++) {
			Expr l = leftKeys.get(i);
			Expr r = rightKeys.get(i);
			DataType lt = Binder.bind(l, left.schema()).type();
			DataType rt = Binder.bind(r, right.schema()).type();
			if (lt != rt && (lt.isDecimal() || rt.isDecimal())) {
				// a decimal key meets a decimal or integer key in the type that holds
				// both,
				// so the hash table compares one representation of each value
				DataType common = TypeCoercion.comparisonType(lt, rt);
				if (common != null && common.isDecimal()) {
					l = (lt == common) ? l : new Cast(l, common, l.position());
					r = (rt == common) ? r : new Cast(r, common, r.position());
				}
			}
			lk.add(Binder.bind(l, left.schema()));
			rk.add(Binder.bind(r, right.schema()));
		}
		BoundExpr rest = null;
		if (residual != null) {
			List<Field> both = new ArrayList<>(left.schema().fields());
			both.addAll(right.schema().fields());
			rest = Binder.bind(residual, new Schema(both));
		}
		return new HashJoinExec(left, right, type, leftKeys, rightKeys, residual, using, schema, broadcast, lk, rk,
				rest);
	}

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
