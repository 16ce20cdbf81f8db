package dev.kindling.engine.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kindling.engine.expr.ColumnRef;
import dev.kindling.engine.expr.Expr;
import dev.kindling.engine.expr.Expressions;
import dev.kindling.engine.expr.NamedExpr;
import dev.kindling.engine.expr.SortKey;
import dev.kindling.engine.expr.Subquery;
import dev.kindling.engine.datasource.formats.Formats;
import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.logical.Project;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.types.Schema;

/**
 * Plans a SQL job: parses its {@code sql}, resolves the tables it names among the job's
 * pinned {@code tables}, and builds the logical plan whose output columns carry the names
 * the query gives them.
 */
public final class SqlPlanner {

	private SqlPlanner() {
	}

	/**
	 * The logical plan of a SQL job whose tables are pinned (each with its schema).
	 * @throws PlanException naming the field at fault ({@link SqlException} for the SQL
	 * text)
	 */
	public static LogicalPlan plan(JobSpec spec) {
		if (spec.source() != null || !spec.pipeline().isEmpty()) {
			throw new PlanException(spec.source() != null ? "/source" : "/pipeline",
					"a job has either sql (with tables) or a source and a pipeline, not both");
		}
		Query query = SqlParser.parseQuery(spec.sql());
		Map<String, Analysis.Table> tables = new LinkedHashMap<>();
		spec.tables().forEach((name, source) -> tables.put(name.toLowerCase(Locale.ROOT), table(name, source)));
		Analysis analysis = new Analysis(spec.sql(), tables);
		Rel rel = new QueryPlanner(analysis).query(query, Map.of(), null, null);
		List<NamedExpr> shown = new ArrayList<>();
		boolean renamed = false;
		for (Scope.Col c : rel.columns()) {
			shown.add(new NamedExpr(new ColumnRef(c.internal(), query.position()), c.name()));
			renamed |= !c.internal().equals(c.name());
		}
		renamed |= rel.columns().size() != rel.plan().schema().size();
		return renamed ? Project.of(rel.plan(), shown) : rel.plan();
	}

	private static Analysis.Table table(String name, SourceSpec source) {
		String at = "/tables/" + name.replace("~", "~0").replace("/", "~1");
		if (source == null) {
			throw new PlanException(at, "table '" + name + "' has no source");
		}
		try {
			Formats.of(source.format());
		}
		catch (IllegalArgumentException ex) {
			throw new PlanException(at + "/format", ex.getMessage());
		}
		if (source.path() == null || source.path().isBlank()) {
			throw new PlanException(at + "/path", "path is required");
		}
		if (source.schema() == null) {
			throw new IllegalStateException("table schemas must be pinned before planning");
		}
		Schema schema;
		try {
			schema = Schema.parse(source.schema());
		}
		catch (IllegalArgumentException ex) {
			throw new PlanException(at + "/schema", "invalid schema: " + ex.getMessage());
		}
		return new Analysis.Table(name, source.path(), source.options(), schema);
	}

	/**
	 * The names of the tables a query reads (common table expressions aside), in order of
	 * appearance, as written.
	 * @throws SqlException when the text does not parse
	 */
	public static Set<String> tableNames(String sql) {
		Set<String> out = new LinkedHashSet<>();
		collect(SqlParser.parseQuery(sql), Set.of(), out);
		return out;
	}

	private static void collect(Query q, Set<String> ctes, Set<String> out) {
		Set<String> visible = new java.util.HashSet<>(ctes);
		for (Query.Cte cte : q.with()) {
			collect(cte.query(), Set.copyOf(visible), out);
			visible.add(cte.name().toLowerCase(Locale.ROOT));
		}
		collect(q.body(), visible, out);
		for (SortKey k : q.orderBy()) {
			collect(k.expr(), visible, out);
		}
	}

	private static void collect(QueryBody body, Set<String> ctes, Set<String> out) {
		if (body instanceof QueryBody.Select s) {
			s.from().forEach(r -> collect(r, ctes, out));
			s.items().forEach(i -> {
				if (i instanceof SelectItem.Item item) {
					collect(item.expr(), ctes, out);
				}
			});
			if (s.where() != null) {
				collect(s.where(), ctes, out);
			}
			s.groupBy().forEach(g -> collect(g, ctes, out));
			if (s.having() != null) {
				collect(s.having(), ctes, out);
			}
		}
		else if (body instanceof QueryBody.SetOperation op) {
			collect(op.left(), ctes, out);
			collect(op.right(), ctes, out);
		}
		else {
			collect(((QueryBody.Nested) body).query(), ctes, out);
		}
	}

	private static void collect(Relation r, Set<String> ctes, Set<String> out) {
		if (r instanceof Relation.Table t) {
			if (!ctes.contains(t.name().toLowerCase(Locale.ROOT))) {
				out.add(t.name());
			}
		}
		else if (r instanceof Relation.Derived d) {
			collect(d.query(), ctes, out);
		}
		else {
			Relation.Join j = (Relation.Join) r;
			collect(j.left(), ctes, out);
			collect(j.right(), ctes, out);
			if (j.condition() != null) {
				collect(j.condition(), ctes, out);
			}
		}
	}

	private static void collect(Expr e, Set<String> ctes, Set<String> out) {
		if (e instanceof Subquery q) {
			collect((Query) q.query(), ctes, out);
		}
		for (Expr child : Expressions.children(e)) {
			collect(child, ctes, out);
		}
	}

}
