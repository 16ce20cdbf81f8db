package dev.kindling.engine.datasource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.eval.Binder;
import dev.kindling.engine.expr.eval.BoundExpr;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.BooleanVector;
import dev.kindling.engine.vector.ColumnVector;

/**
 * Spark's partition pruning: the pushed filters of a scan that read partition columns
 * only are evaluated once per partition folder, and the files of a folder none of whose
 * rows could pass are not read at all. (The filters still run on the rows read.)
 */
public final class PartitionPruning {

	private PartitionPruning() {
	}

	/**
	 * The files a scan reads, and the filters that chose them.
	 *
	 * @param files the files of the folders a row could come from
	 * @param filters the filters on partition columns only (empty when none pruned)
	 */
	public record Pruned(List<DataFile> files, List<Expr> filters) {
	}

	/**
	 * @param schema the source's columns, its {@code partitionCount} partition columns
	 * last
	 * @param filters the scan's pushed filters
	 */
	public static Pruned prune(List<DataFile> files, Schema schema, int partitionCount, List<Expr> filters) {
		if (partitionCount == 0 || filters.isEmpty()) {
			return new Pruned(files, List.of());
		}
		List<Field> partitionFields = schema.fields().subList(schema.size() - partitionCount, schema.size());
		Set<String> partitionNames = partitionFields.stream()
			.map(f -> f.name().toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
		List<Expr> usable = new ArrayList<>();
		for (Expr f : filters) {
			Set<String> read = Expressions.referencedColumns(f);
			if (!read.isEmpty() && read.stream().allMatch(n -> partitionNames.contains(n.toLowerCase(Locale.ROOT)))) {
				usable.add(f);
			}
		}
		if (usable.isEmpty()) {
			return new Pruned(files, List.of());
		}
		Schema partitionSchema = new Schema(partitionFields);
		List<BoundExpr> bound = usable.stream().map(f -> Binder.bind(f, partitionSchema)).toList();
		List<DataType> types = partitionFields.stream().map(Field::type).toList();
		Map<List<String>, Boolean> decided = new HashMap<>();
		List<DataFile> kept = new ArrayList<>();
		for (DataFile file : files) {
			boolean keep = decided.computeIfAbsent(file.partitionValues(), values -> passes(bound, types, values));
			if (keep) {
				kept.add(file);
			}
		}
		return new Pruned(List.copyOf(kept), List.copyOf(usable));
	}

	private static boolean passes(List<BoundExpr> bound, List<DataType> types, List<String> raw) {
		Object[] values = PartitionValues.values(types, raw);
		ColumnVector[] columns = new ColumnVector[types.size()];
		for (int i = 0; i < columns.length; i++) {
			columns[i] = PartitionValues.constant(types.get(i), values[i], 1);
		}
		Batch row = new Batch(columns, 1);
		for (BoundExpr f : bound) {
			if (!((BooleanVector) f.evaluate(row)).isTrue(0)) {
				return false;
			}
		}
		return true;
	}

}
