package dev.kindling.engine.planner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.kindling.engine.logical.LogicalPlan;
import dev.kindling.engine.physical.PhysicalPlan;

/** Prints plans as indented text trees and as nested maps (for JSON). */
public final class PlanPrinter {

	private PlanPrinter() {
	}

	public static String text(LogicalPlan plan) {
		StringBuilder sb = new StringBuilder();
		tree(plan, LogicalPlan::describe, LogicalPlan::children, 0, sb);
		return sb.toString();
	}

	public static String text(PhysicalPlan plan) {
		StringBuilder sb = new StringBuilder();
		tree(plan, PhysicalPlan::describe, PhysicalPlan::children, 0, sb);
		return sb.toString();
	}

	/** Every stage with its output and its operators. */
	public static String text(List<StagePlan> stages) {
		StringBuilder sb = new StringBuilder();
		for (StagePlan stage : stages) {
			sb.append("Stage ").append(stage.id()).append(" (").append(stage.partitions()).append(" tasks");
			if (!stage.parents().isEmpty()) {
				sb.append(", reads stages ").append(stage.parents());
			}
			sb.append(")\n");
			sb.append("  ").append(stage.output().describe()).append('\n');
			tree(stage.root(), PhysicalPlan::describe, PhysicalPlan::children, 2, sb);
		}
		return sb.toString();
	}

	public static Map<String, Object> json(LogicalPlan plan) {
		return node(plan, LogicalPlan::describe, LogicalPlan::children);
	}

	public static List<Map<String, Object>> json(List<StagePlan> stages) {
		List<Map<String, Object>> out = new ArrayList<>();
		for (StagePlan stage : stages) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("stageId", stage.id());
			m.put("tasks", stage.partitions());
			m.put("parents", stage.parents());
			m.put("output", stage.output().describe());
			m.put("plan", node(stage.root(), PhysicalPlan::describe, PhysicalPlan::children));
			out.add(m);
		}
		return out;
	}

	private static <T> Map<String, Object> node(T plan, Function<T, String> describe, Function<T, List<T>> children) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("node", describe.apply(plan));
		List<Map<String, Object>> kids = new ArrayList<>();
		for (T child : children.apply(plan)) {
			kids.add(node(child, describe, children));
		}
		if (!kids.isEmpty()) {
			m.put("children", kids);
		}
		return m;
	}

	private static <T> void tree(T plan, Function<T, String> describe, Function<T, List<T>> children, int depth,
			StringBuilder sb) {
		sb.append("  ".repeat(depth)).append(depth > 0 ? "+- " : "").append(describe.apply(plan)).append('\n');
		for (T child : children.apply(plan)) {
			tree(child, describe, children, depth + 1, sb);
		}
	}

}
