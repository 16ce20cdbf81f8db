package dev.kindling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL form of a pipeline job, for the differential tests: each step becomes a query
 * over the one before it ({@code select} a SELECT list, {@code filter} a WHERE,
 * {@code groupBy} a GROUP BY by position, {@code withColumn} and {@code window} columns
 * added to {@code *} with {@code OVER}, {@code union} a UNION ALL), over tables named
 * after their files. A step with no plain SQL form ({@code unionByName}) gives
 * {@code null}.
 */
final class PipelineSql {

	private PipelineSql() {
	}

	/** The SQL job (sql and tables) of a pipeline job, or {@code null}. */
	static Map<String, Object> job(Map<String, Object> pipelineJob) {
		Map<String, Object> tables = new LinkedHashMap<>();
		String sql = query(source(pipelineJob), steps(pipelineJob), tables);
		if (sql == null) {
			return null;
		}
		Map<String, Object> job = new LinkedHashMap<>();
		job.put("name", pipelineJob.get("name") + "-sql");
		job.put("sql", sql);
		job.put("tables", tables);
		job.put("action", pipelineJob.get("action"));
		return job;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> source(Map<String, Object> job) {
		return (Map<String, Object>) job.get("source");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> steps(Map<String, Object> job) {
		Object steps = job.get("pipeline");
		return (steps == null) ? List.of() : (List<Map<String, Object>>) steps;
	}

	@SuppressWarnings("unchecked")
	private static String query(Map<String, Object> source, List<Map<String, Object>> steps,
			Map<String, Object> tables) {
		String path = (String) source.get("path");
		String table = path.substring(0, path.indexOf('.'));
		tables.put(table, source);
		String sql = "SELECT * FROM " + table;
		int n = 0;
		for (Map<String, Object> step : steps) {
			String from = "(" + sql + ") AS t" + n++;
			String op = (String) step.get("op");
			switch (op) {
				case "select" ->
					sql = "SELECT " + String.join(", ", (List<String>) step.get("columns")) + " FROM " + from;
				case "filter" -> sql = "SELECT * FROM " + from + " WHERE " + step.get("condition");
				case "withColumn" ->
					sql = "SELECT *, " + step.get("expression") + " AS " + step.get("name") + " FROM " + from;
				case "groupBy" -> {
					List<String> keys = (List<String>) step.get("keys");
					List<String> items = new ArrayList<>(keys);
					items.addAll((List<String>) step.get("aggregations"));
					List<String> positions = new ArrayList<>();
					for (int i = 1; i <= keys.size(); i++) {
						positions.add(String.valueOf(i));
					}
					sql = "SELECT " + String.join(", ", items) + " FROM " + from
							+ (keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", positions));
				}
				case "window" -> {
					StringBuilder over = new StringBuilder(" OVER (");
					List<String> partitionBy = (List<String>) step.get("partitionBy");
					List<String> orderBy = (List<String>) step.get("orderBy");
					if (partitionBy != null && !partitionBy.isEmpty()) {
						over.append("PARTITION BY ").append(String.join(", ", partitionBy)).append(' ');
					}
					if (orderBy != null && !orderBy.isEmpty()) {
						over.append("ORDER BY ").append(String.join(", ", orderBy)).append(' ');
					}
					if (step.get("frame") != null) {
						over.append(step.get("frame"));
					}
					List<String> columns = new ArrayList<>();
					for (String c : (List<String>) step.get("columns")) {
						int as = c.toUpperCase(java.util.Locale.ROOT).lastIndexOf(" AS ");
						columns.add(c.substring(0, as) + " " + over.toString().trim() + ")" + c.substring(as));
					}
					sql = "SELECT *, " + String.join(", ", columns) + " FROM " + from;
				}
				case "union" -> {
					Map<String, Object> right = (Map<String, Object>) step.get("right");
					String other = query((Map<String, Object>) right.get("source"),
							(List<Map<String, Object>>) right.get("pipeline"), tables);
					if (other == null) {
						return null;
					}
					sql = "SELECT * FROM " + from + " UNION ALL SELECT * FROM (" + other + ") AS u" + n;
				}
				default -> {
					return null;
				}
			}
		}
		return sql;
	}

}
