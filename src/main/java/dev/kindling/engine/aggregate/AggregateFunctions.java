package dev.kindling.engine.aggregate;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.kindling.engine.types.DataType;

/**
 * The aggregate functions Kindling knows, by name. Adding one is a class implementing
 * {@link AggregateFunction} in this package and a line in {@link #ALL}: the parser, the
 * binder, the planners and the hash aggregate all find it here.
 */
public final class AggregateFunctions {

	/** Every aggregate function, one line each; an alias is a second entry. */
	// @formatter:off
	private static final List<AggregateFunction> ALL = List.of(
			new Count(),
			new Sum(),
			new Avg(),
			alias("mean", new Avg()),
			MinMax.MIN,
			MinMax.MAX,
			new CountIf(),
			new FirstLast("first", false),
			new FirstLast("first_value", false),
			new FirstLast("any_value", false),
			new FirstLast("last", true),
			new FirstLast("last_value", true),
			new CentralMoments("stddev", CentralMoments.Statistic.STDDEV_SAMP),
			new CentralMoments("std", CentralMoments.Statistic.STDDEV_SAMP),
			new CentralMoments("stddev_samp", CentralMoments.Statistic.STDDEV_SAMP),
			new CentralMoments("stddev_pop", CentralMoments.Statistic.STDDEV_POP),
			new CentralMoments("variance", CentralMoments.Statistic.VAR_SAMP),
			new CentralMoments("var_samp", CentralMoments.Statistic.VAR_SAMP),
			new CentralMoments("var_pop", CentralMoments.Statistic.VAR_POP),
			new CentralMoments("skewness", CentralMoments.Statistic.SKEWNESS),
			new CentralMoments("kurtosis", CentralMoments.Statistic.KURTOSIS),
			new Covariance("corr", Covariance.Statistic.CORR),
			new Covariance("covar_pop", Covariance.Statistic.COVAR_POP),
			new Covariance("covar_samp", Covariance.Statistic.COVAR_SAMP),
			new BoolAgg("bool_and", true),
			new BoolAgg("every", true),
			new BoolAgg("bool_or", false),
			new BoolAgg("some", false),
			new BoolAgg("any", false),
			new ApproxPercentile("percentile_approx"),
			new ApproxPercentile("approx_percentile"),
			new ApproxCountDistinct());
	// @formatter:on

	/** {@code function} under another name ({@code mean} for {@code avg}). */
	private static AggregateFunction alias(String name, AggregateFunction function) {
		return new AggregateFunction() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public int minArguments() {
				return function.minArguments();
			}

			@Override
			public int maxArguments() {
				return function.maxArguments();
			}

			@Override
			public boolean supportsDistinct() {
				return function.supportsDistinct();
			}

			@Override
			public Binding bind(List<DataType> argumentTypes) {
				return function.bind(argumentTypes);
			}

			@Override
			public Binding bind(List<DataType> argumentTypes, List<Argument> arguments) {
				return function.bind(argumentTypes, arguments);
			}

		};
	}

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
