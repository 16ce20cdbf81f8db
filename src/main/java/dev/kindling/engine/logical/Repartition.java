package dev.kindling.engine.logical;

import java.util.List;
import java.util.stream.Collectors;

import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.types.Schema;

/**
 * Moves rows into {@code partitions} new partitions: by a hash of {@code keys}
 * ({@code repartition(n, cols)}), round-robin ({@code repartition(n)}), or by merging
 * neighbouring partitions ({@code coalesce(n)}, a no-op when there are no more than
 * {@code n}). {@code partitions} 0 means {@code kindling.shuffle.partitions}.
 */
public record Repartition(LogicalPlan child, int partitions, List<Expr> keys, Mode mode) implements LogicalPlan {

	/** How rows are assigned to the new partitions. */
	public enum Mode {

		HASH, ROUND_ROBIN, COALESCE

	}

	public Repartition {
		keys = List.copyOf(keys);
	}

	@Override
	public Schema schema() {
		return this.child.schema();
	}

	@Override
	public List<LogicalPlan> children() {
		return List.of(this.child);
	}

	@Override
	public String describe() {
		String n = (this.partitions > 0) ? String.valueOf(this.partitions) : "default";
		return switch (this.mode) {
			case HASH -> "Repartition " + n + " by ["
					+ this.keys.stream().map(Expr::sql).collect(Collectors.joining(", ")) + "]";
			case ROUND_ROBIN -> "Repartition " + n + " round-robin";
			case COALESCE -> "Coalesce " + n;
		};
	}

	@Override
	public LogicalPlan withChildren(List<LogicalPlan> children) {
		return new Repartition(children.get(0), this.partitions, this.keys, this.mode);
	}

}
