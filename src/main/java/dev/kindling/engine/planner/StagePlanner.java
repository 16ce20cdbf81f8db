package dev.kindling.engine.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.Cast;
import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Literal;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.ExprParser;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.logical.Aggregate;
import dev.kindling.engine.logical.Cache;
import dev.kindling.engine.logical.Distinct;
import dev.kindling.engine.logical.Filter;
import dev.kindling.engine.logical.Join;
import dev.kindling.engine.logical.Limit;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.Project;
import dev.kindling.engine.logical.Repartition;
import dev.kindling.engine.logical.Window;
import dev.kindling.engine.logical.Scan;
import dev.kindling.engine.logical.Sort;
import dev.kindling.engine.logical.Union;
import dev.kindling.engine.physical.CacheExec;
import dev.kindling.engine.physical.CacheReadExec;
import dev.kindling.engine.physical.FileScanExec;
import dev.kindling.engine.physical.FilterExec;
import dev.kindling.engine.physical.HashAggregateExec;
import dev.kindling.engine.physical.HashAggregateExec.Mode;
import dev.kindling.engine.physical.HashJoinExec;
import dev.kindling.engine.physical.LimitExec;
import dev.kindling.engine.physical.PhysicalPlan;
import dev.kindling.engine.physical.ProjectExec;
import dev.kindling.engine.physical.SampleExec;
import dev.kindling.engine.physical.ShuffleReadExec;
import dev.kindling.engine.physical.SortExec;
import dev.kindling.engine.physical.UnionExec;
import dev.kindling.engine.physical.WindowExec;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.spec.ActionType;

/**
 * Cuts an optimized logical plan into stages. A stage ends where an operator needs rows
 * that other partitions hold; there the upstream stage writes a hash-partitioned shuffle
 * (after a partial aggregation where the operator allows one) and the downstream stage
 * starts with a {@link ShuffleReadExec}. An input that is a single partition needs no
 * shuffle at all: its aggregation, sort or limit runs inside the scanning task, which is
 * what makes small jobs instant.
 *
 * <p>
 * Planning is deterministic: the driver and every executor plan the same job to the same
 * stages, given the same {@link Settings}. Stage ids are assigned in completion order of
 * the post-order walk, so parents always have smaller ids than their children and the
 * result stage is last.
 */
public final class StagePlanner {

	/**
	 * @param shufflePartitions blocks per hash shuffle
	 * @param scans the splits and size of each scan, asked once per scan in plan order
	 * @param cachedKeys cache keys whose partitions the job reads from executor memory
	 * @param broadcastThreshold a join side of at most this many bytes (its files' bytes,
	 * scaled to the columns read; a global aggregate is none) is broadcast to every task
	 * of the other side instead of shuffling both (-1: never)
	 */
	public record Settings(int shufflePartitions, java.util.function.Function<Scan, ScanStats> scans,
			java.util.Set<String> cachedKeys, long broadcastThreshold) {

		public Settings(int shufflePartitions, ToIntFunction<Scan> splitsOf) {
			this(shufflePartitions, scan -> new ScanStats(splitsOf.applyAsInt(scan), Long.MAX_VALUE),
					java.util.Set.of(), -1);
		}

	}

	/**
	 * What the planner needs to know of a scan: its number of splits, the bytes of its
	 * files, and what it reads, for printing (the files, and what partition filters
	 * pruned; null when not known).
	 */
	public record ScanStats(int splits, long bytes, String files) {

		public ScanStats(int splits, long bytes) {
			this(splits, bytes, null);
		}

	}

	/**
	 * A physical subtree, the number of partitions it produces, the stages it reads, and
	 * the bytes of the files under it (an upper bound on its size).
	 */
	private record Part(PhysicalPlan plan, int partitions, List<Integer> parents, long inputBytes) {

		Part(PhysicalPlan plan, int partitions, List<Integer> parents) {
			this(plan, partitions, parents, Long.MAX_VALUE);
		}

		Part with(PhysicalPlan newPlan) {
			return new Part(newPlan, this.partitions, this.parents, this.inputBytes);
		}

	}

	private final Settings settings;

	private final List<StagePlan> stages = new ArrayList<>();

	private StagePlanner(Settings settings) {
		this.settings = settings;
	}

	/**
	 * The stages of a job whose optimized plan is {@code plan}, ending in the result
	 * stage.
	 */
	public static List<StagePlan> plan(LogicalPlan plan, ActionType action, long rowCap, Settings settings) {
		StagePlanner planner = new StagePlanner(settings);
		long limit = rowCap;
		LogicalPlan root = plan;
		// A limit at the root caps the combined result; each task stops early on its own.
		// (A write keeps its limit in the plan: it caps the rows written, not a result.)
		while (action != ActionType.WRITE && root instanceof Limit l && !(l.child() instanceof Sort)) {
			limit = limit < 0 ? l.n() : Math.min(limit, l.n());
			root = l.child();
		}
		Part part = planner.visit(root);
		PhysicalPlan top = part.plan();
		if (limit >= 0 && action != ActionType.WRITE) {
			top = new LimitExec(top, limit);
		}
		planner.stages.add(new StagePlan(planner.stages.size(), top, new StageOutput.Result(action, limit),
				part.parents(), part.partitions()));
		return List.copyOf(planner.stages);
	}

	private Part visit(LogicalPlan node) {
		if (node instanceof Scan scan) {
			ScanStats stats = this.settings.scans().apply(scan);
			FileScanExec exec = FileScanExec.of(scan.path(), scan.options(), scan.fileSchema(), scan.columns(),
					scan.filters());
			return new Part(stats.files() == null ? exec : exec.withFiles(stats.files()), Math.max(1, stats.splits()),
					List.of(), outputBytes(scan, stats.bytes()));
		}
		if (node instanceof Filter f) {
			Part c = visit(f.child());
			return c.with(FilterExec.of(c.plan(), f.condition()));
		}
		if (node instanceof Project p) {
			Part c = visit(p.child());
			return c.with(ProjectExec.of(c.plan(), p.exprs(), p.schema()));
		}
		if (node instanceof Cache cache) {
			Part c = visit(cache.child());
			if (!c.parents().isEmpty()) {
				// Only narrow prefixes (no shuffle inside) are cached: their partitions
				// are the scan's
				// splits, so a lost block is recomputed inside the task that misses it.
				return c;
			}
			CacheExec exec = new CacheExec(c.plan(), cache.key());
			PhysicalPlan plan = this.settings.cachedKeys().contains(cache.key()) ? new CacheReadExec(cache.key(), exec)
					: exec;
			return c.with(plan);
		}
		if (node instanceof Aggregate a) {
			Part part = aggregate(visit(a.child()), a.keys(), a.aggregates(), a.child().schema());
			// a global aggregate is one row: small enough to broadcast
			return a.keys().isEmpty() ? new Part(part.plan(), part.partitions(), part.parents(), 0) : part;
		}
		if (node instanceof Distinct d) {
			List<NamedExpr> keys = new ArrayList<>();
			for (String name : d.child().schema().names()) {
				keys.add(new NamedExpr(ExprParser.parse("`" + name + "`"), name));
			}
			return aggregate(visit(d.child()), keys, List.of(), d.child().schema());
		}
		if (node instanceof Limit l && l.child() instanceof Sort s) {
			return sort(visit(s.child()), s, l.n());
		}
		if (node instanceof Sort s) {
			return sort(visit(s.child()), s, -1);
		}
		if (node instanceof Limit l) {
			Part c = visit(l.child());
			if (c.partitions() == 1) {
				return new Part(new LimitExec(c.plan(), l.n()), 1, c.parents());
			}
			int stage = shuffle(new LimitExec(c.plan(), l.n()), List.of(), 1, c);
			return new Part(new LimitExec(new ShuffleReadExec(stage, c.plan().schema()), l.n()), 1, List.of(stage));
		}
		if (node instanceof Join j) {
			return join(j);
		}
		if (node instanceof Repartition r) {
			return repartition(r);
		}
		if (node instanceof Window w) {
			return window(w);
		}
		if (node instanceof Union u) {
			return union(u);
		}
		throw new IllegalStateException("unknown plan node " + node.getClass().getSimpleName());
	}

	/**
	 * The part of a file's bytes a scan outputs: its size times the share of the row its
	 * columns take, by typical widths (Spark's estimate of a pruned scan: a string counts
	 * 20 bytes). So a dimension table of which a join reads a key or two is small enough
	 * to broadcast although its file is not.
	 */
	static long outputBytes(Scan scan, long fileBytes) {
		if (fileBytes == Long.MAX_VALUE || scan.columns().size() == scan.fileSchema().size()) {
			return fileBytes;
		}
		double all = 0;
		for (int c = 0; c < scan.fileSchema().size(); c++) {
			all += width(scan.fileSchema().field(c).type());
		}
		double read = 0;
		for (int c : scan.columns()) {
			read += width(scan.fileSchema().field(c).type());
		}
		return (long) Math.ceil(fileBytes * (read / all));
	}

	private static int width(DataType type) {
		return switch (type.kind()) {
			case BOOLEAN, NULL -> 1;
			case INT, DATE -> 4;
			case BIGINT, DOUBLE, TIMESTAMP -> 8;
			case DECIMAL -> 16;
			case STRING, BINARY -> 20;
		};
	}

	private Part aggregate(Part c, List<NamedExpr> keys, List<NamedExpr> aggs, Schema input) {
		if (c.partitions() == 1) {
			return new Part(HashAggregateExec.of(c.plan(), Mode.SINGLE, keys, aggs, input), 1, c.parents());
		}
		int partitions = keys.isEmpty() ? 1 : this.settings.shufflePartitions();
		if (HashAggregateExec.hasDistinct(aggs)) {
			// DISTINCT aggregates see every raw value: shuffle raw rows by the keys,
			// aggregate once.
			int stage = shuffle(c.plan(), keyExprs(keys), partitions, c);
			return new Part(HashAggregateExec.of(new ShuffleReadExec(stage, input), Mode.SINGLE, keys, aggs, input),
					partitions, List.of(stage));
		}
		HashAggregateExec partial = HashAggregateExec.of(c.plan(), Mode.PARTIAL, keys, aggs, input);
		List<Expr> shuffleKeys = new ArrayList<>();
		for (NamedExpr k : keys) {
			shuffleKeys.add(ExprParser.parse("`" + k.outputName() + "`"));
		}
		int stage = shuffle(partial, shuffleKeys, partitions, c);
		return new Part(
				HashAggregateExec.of(new ShuffleReadExec(stage, partial.schema()), Mode.FINAL, keys, aggs, input),
				partitions, List.of(stage));
	}

	private static List<Expr> keyExprs(List<NamedExpr> keys) {
		return keys.stream().map(NamedExpr::expr).toList();
	}

	private Part sort(Part c, Sort s, long limit) {
		if (c.partitions() == 1) {
			return new Part(SortExec.of(c.plan(), s.keys(), limit), 1, c.parents());
		}
		int partitions = this.settings.shufflePartitions();
		if (limit < 0 && partitions > 1) {
			return rangeSort(c, s, partitions);
		}
		// A global order: each map task pre-sorts (and keeps only its top N under a
		// limit), one
		// reduce task merges.
		PhysicalPlan map = limit >= 0 ? SortExec.of(c.plan(), s.keys(), limit) : c.plan();
		int stage = shuffle(map, List.of(), 1, c);
		return new Part(SortExec.of(new ShuffleReadExec(stage, c.plan().schema()), s.keys(), limit), 1, List.of(stage));
	}

	/**
	 * A global sort over every reducer, as Spark plans one: a first stage samples the
	 * sort keys of each input partition ({@link SampleExec}, about 60 keys per reducer in
	 * all, as Spark's {@code RangePartitioner} does), the next range-partitions the rows
	 * by bounds taken from that sample, and each reduce task sorts its range (a sort that
	 * spills). The partitions in order are one global order; the driver concatenates
	 * results, and writes name their files, in partition order. The input is computed
	 * twice, as in Spark.
	 */
	private Part rangeSort(Part c, Sort s, int partitions) {
		double sampleSize = Math.min(20.0 * partitions, 1e6);
		int perPartition = (int) Math.ceil(3.0 * sampleSize / c.partitions());
		SampleExec sample = SampleExec.of(c.plan(), s.keys(), perPartition);
		int sampleStage = shuffle(sample, List.of(), 1, c);
		Schema schema = c.plan().schema();
		int id = this.stages.size();
		List<Integer> parents = new ArrayList<>(c.parents());
		parents.add(sampleStage);
		this.stages.add(new StagePlan(id, c.plan(), StageOutput.Range.of(s.keys(), partitions, schema,
				new ShuffleReadExec(sampleStage, sample.schema(), true)), parents, c.partitions()));
		return new Part(SortExec.of(new ShuffleReadExec(id, schema), s.keys(), -1), partitions, List.of(id),
				c.inputBytes());
	}

	/**
	 * Every input hash-partitioned on all its columns into the same partitions; each task
	 * reads its partition of every input.
	 */
	private Part join(Join j) {
		if (j.leftKeys().isEmpty()) {
			// A cross product (or a join with a one-row subquery) runs as a join on a
			// constant key.
			Expr one = new Literal(1, DataType.INT, -1);
			j = new Join(j.left(), j.right(), j.type(), List.of(one), List.of(one), j.residual(), false, j.schema());
		}
		Part left = visit(j.left());
		Part right = visit(j.right());
		boolean broadcastable = j.type() == Join.JoinType.INNER || j.type() == Join.JoinType.LEFT
				|| j.type() == Join.JoinType.SEMI || j.type() == Join.JoinType.ANTI;
		if (broadcastable && this.settings.broadcastThreshold() >= 0
				&& right.inputBytes() <= this.settings.broadcastThreshold()) {
			// The small right side is computed once into a single block that every task
			// of the left
			// side reads whole: the left side is never shuffled.
			int rs = shuffle(right.plan(), List.of(), 1, right);
			HashJoinExec exec = HashJoinExec.of(left.plan(), new ShuffleReadExec(rs, j.right().schema(), true),
					j.type(), j.leftKeys(), j.rightKeys(), j.residual(), j.using(), j.schema(), true);
			List<Integer> parents = new ArrayList<>(left.parents());
			parents.add(rs);
			return new Part(exec, left.partitions(), parents, left.inputBytes());
		}
		int partitions = this.settings.shufflePartitions();
		List<Expr> lk = new ArrayList<>();
		List<Expr> rk = new ArrayList<>();
		for (int i = 0; i < j.leftKeys().size(); i++) {
			Expr l = j.leftKeys().get(i);
			Expr r = j.rightKeys().get(i);
			DataType lt = Binder.bind(l, j.left().schema()).type();
			DataType rt = Binder.bind(r, j.right().schema()).type();
			boolean exact = (lt.isIntegral() || lt.isDecimal()) && (rt.isIntegral() || rt.isDecimal());
			if (lt != rt && !(lt.isLongBacked() && rt.isLongBacked()) && !exact) {
				// Equal numbers of different types must land in the same partition
				// (integers
				// and decimals hash by value already).
				l = new Cast(l, DataType.DOUBLE, l.position());
				r = new Cast(r, DataType.DOUBLE, r.position());
			}
			lk.add(l);
			rk.add(r);
		}
		int ls = shuffle(left.plan(), lk, partitions, left);
		int rs = shuffle(right.plan(), rk, partitions, right);
		HashJoinExec exec = HashJoinExec.of(new ShuffleReadExec(ls, j.left().schema()),
				new ShuffleReadExec(rs, j.right().schema()), j.type(), j.leftKeys(), j.rightKeys(), j.residual(),
				j.using(), j.schema(), false);
		return new Part(exec, partitions, List.of(ls, rs));
	}

	/**
	 * A shuffle into the new partitions: by a hash of the keys; round-robin (each map
	 * task deals its rows out in turn, by their {@code monotonically_increasing_id()});
	 * or, for a coalesce to fewer partitions, each map partition whole into the block of
	 * its share, neighbours together. A coalesce to as many partitions or more changes
	 * nothing.
	 */
	private Part repartition(Repartition r) {
		Part c = visit(r.child());
		int partitions = (r.partitions() > 0) ? r.partitions() : this.settings.shufflePartitions();
		if (r.mode() == Repartition.Mode.COALESCE && partitions >= c.partitions()) {
			return c;
		}
		Schema schema = c.plan().schema();
		StageOutput.Shuffle planned = switch (r.mode()) {
			case HASH -> StageOutput.Shuffle.of(r.keys(), partitions, schema);
			case ROUND_ROBIN ->
				StageOutput.Shuffle.direct(ExprParser.parse("monotonically_increasing_id()"), partitions, schema);
			case COALESCE -> StageOutput.Shuffle.direct(
					ExprParser.parse("floor(spark_partition_id() * " + partitions + " / " + c.partitions() + ")"),
					partitions, schema);
		};
		StageOutput.Shuffle output = r.partitions() > 0 ? planned.asFixed() : planned;
		int id = this.stages.size();
		this.stages.add(new StagePlan(id, c.plan(), output, c.parents(), c.partitions()));
		return new Part(new ShuffleReadExec(id, schema), partitions, List.of(id), c.inputBytes());
	}

	/**
	 * A window: the rows of a window partition brought together by a shuffle on the
	 * partition keys (to one partition without keys; no shuffle when the input is one
	 * partition already), sorted by the partition keys and the window's order inside each
	 * task (a sort that spills), then computed a window partition at a time.
	 */
	private Part window(Window w) {
		Part c = visit(w.child());
		Schema schema = c.plan().schema();
		PhysicalPlan input = c.plan();
		int partitions = c.partitions();
		List<Integer> parents = c.parents();
		if (c.partitions() > 1) {
			partitions = w.partitionBy().isEmpty() ? 1 : this.settings.shufflePartitions();
			int stage = shuffle(c.plan(), w.partitionBy(), partitions, c);
			input = new ShuffleReadExec(stage, schema);
			parents = List.of(stage);
		}
		List<SortKey> keys = new ArrayList<>();
		w.partitionBy().forEach((e) -> keys.add(SortKey.of(e, true)));
		keys.addAll(w.orderBy());
		PhysicalPlan sorted = keys.isEmpty() ? input : SortExec.of(input, keys, -1);
		return new Part(WindowExec.of(sorted, w.partitionBy(), w.orderBy(), w.functions()), partitions, parents);
	}

	/**
	 * A union: as in Spark, the partitions of the first input followed by those of the
	 * next, each kept whole and in order. Each input writes its partition {@code p} into
	 * block {@code p} plus the partitions of the inputs before it, folded onto at most
	 * {@code kindling.shuffle.partitions} blocks; each task of the union reads its block
	 * of every input.
	 */
	private Part union(Union u) {
		List<Part> parts = new ArrayList<>();
		int total = 0;
		for (LogicalPlan input : u.inputs()) {
			Part part = visit(input);
			parts.add(part);
			total += part.partitions();
		}
		int partitions = Math.max(1, Math.min(this.settings.shufflePartitions(), total));
		List<PhysicalPlan> reads = new ArrayList<>();
		List<Integer> parents = new ArrayList<>();
		long bytes = 0;
		int offset = 0;
		for (int i = 0; i < parts.size(); i++) {
			Part part = parts.get(i);
			int stage = direct(part, "spark_partition_id() + " + offset, partitions);
			offset += part.partitions();
			reads.add(new ShuffleReadExec(stage, u.inputs().get(i).schema()));
			parents.add(stage);
			bytes = (part.inputBytes() == Long.MAX_VALUE || bytes == Long.MAX_VALUE) ? Long.MAX_VALUE
					: bytes + part.inputBytes();
		}
		return new Part(new UnionExec(reads, u.schema()), partitions, parents, bytes);
	}

	private int direct(Part source, String block, int partitions) {
		int id = this.stages.size();
		this.stages.add(new StagePlan(id, source.plan(),
				StageOutput.Shuffle.direct(ExprParser.parse(block), partitions, source.plan().schema()),
				source.parents(), source.partitions()));
		return id;
	}

	/** Adds a map stage writing {@code plan}'s rows into a shuffle; returns its id. */
	private int shuffle(PhysicalPlan plan, List<Expr> keys, int partitions, Part source) {
		int id = this.stages.size();
		this.stages.add(new StagePlan(id, plan, StageOutput.Shuffle.of(keys, partitions, plan.schema()),
				source.parents(), source.partitions()));
		return id;
	}

}
