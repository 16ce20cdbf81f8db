package dev.kindling.engine.aggregate;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The aggregate functions Kindling knows, by name. Adding one is a class implementing
 * {@link AggregateFunction} in this package and a line in {@link #ALL}: the parser, the
 * binder, the planners and the hash aggregate all find it here.
 */
public final class AggregateFunctions {

	/** Every aggregate function, one line each. */
	// @formatter:off
	private static final List<AggregateFunction> ALL = List.of(
			new Count(),
			new Sum(),
			new Avg(),
			MinMax.MIN,
			MinMax.MAX);
	// @formatter:on

	private static final Map<String, AggregateFunction> BY_NAME = index();

	private AggregateFunctions() {
	}

	private static Map<String, AggregateFunction> index() {
		Map<String, AggregateFunction> byName = new TreeMap<>();
		for (AggregateFunction f : ALL) {
			if (byName.put(f.name(), f) != null) {
				throw new IllegalStateException("two aggregate functions are named " + f.name());
			}
		}
		return Collections.unmodifiableMap(byName);
	}

	/** The function of this lower-case name, or {@code null} when none has it. */
	public static AggregateFunction find(String name) {
		return BY_NAME.get(name);
	}

	/** Whether {@code name} (lower-case) is an aggregate function. */
	public static boolean isAggregate(String name) {
		return BY_NAME.containsKey(name);
	}

	/** Every name, sorted. */
	public static Set<String> names() {
		return BY_NAME.keySet();
	}

}
