package dev.kindling.deploy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's default shutdown settings leave each role enough time to stop the way the
 * code stops it, before Kubernetes sends SIGKILL at
 * {@code terminationGracePeriodSeconds}:
 *
 * <pre>
 * driver:   preStop sleep │ web graceful drain (≤ shutdownTimeout) │ state writer flush (≤ 10 s)
 * executor: preStop sleep │ task drain (≤ 10 s) + kill (1 s) + block hand-over (≤ 20 s) + deregister (≤ 5 s) │ web graceful drain (≤ shutdownTimeout)
 * </pre>
 *
 * The fixed parts are in the code: {@code StateWriter.stop()} joins its thread for 10 s,
 * a stopping executor gives running tasks {@code kindling.executor.drain-timeout} (10 s,
 * which the chart leaves at its default) and stops them for 1 s more before handing them
 * back, then hands its shuffle output and cached partitions to the executors that stay
 * for up to {@code kindling.executor.migration-timeout} (20 s, also the default), and
 * {@code DriverClient.deregister} times out after 5 s. The driver's web drain is usually
 * over at once (held polls and waits are answered when it starts to stop), but a slow
 * request may still take up to {@code shutdownTimeout}. {@code HelmChartTest} checks the
 * rendered env and preStop; this test checks the arithmetic, so raising one number
 * without the others fails.
 */
class GracefulShutdownBudgetTest {

	private static final Duration STATE_WRITER_FLUSH = Duration.ofSeconds(10);

	private static final Duration EXECUTOR_DECOMMISSION = Duration.ofSeconds(10 + 1 + 20 + 5);

	/**
	 * Time for the JVM to close the connection pool and the database after the last
	 * phase.
	 */
	private static final Duration SLACK = Duration.ofSeconds(5);

	private static PropertySource<?> yaml(org.springframework.core.io.Resource resource) throws IOException {
		List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(resource.getFilename(), resource);
		assertThat(documents).hasSize(1);
		return documents.get(0);
	}

	private static Duration seconds(PropertySource<?> values, String key) {
		Object value = values.getProperty(key);
		assertThat(value).as(key).isNotNull();
		return Duration.ofSeconds(Long.parseLong(value.toString()));
	}

	private static Duration duration(PropertySource<?> values, String key) {
		Object value = values.getProperty(key);
		assertThat(value).as(key).isNotNull();
		return DurationStyle.detectAndParse(value.toString());
	}

	@Test
	void theApplicationShutsDownGracefullyWithABoundedPhaseTimeout() throws IOException {
		PropertySource<?> application = yaml(new ClassPathResource("application.yaml"));

		assertThat(application.getProperty("server.shutdown")).isEqualTo("graceful");
		assertThat(duration(application, "spring.lifecycle.timeout-per-shutdown-phase")).isPositive();
	}

	@Test
	void theDriversGracePeriodCoversPreStopWebDrainAndTheStateWriterFlush() throws IOException {
		PropertySource<?> values = yaml(new FileSystemResource("helm/kindling/values.yaml"));

		Duration needed = seconds(values, "driver.preStopSleepSeconds").plus(duration(values, "driver.shutdownTimeout"))
			.plus(STATE_WRITER_FLUSH)
			.plus(SLACK);
		assertThat(seconds(values, "driver.terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(needed);
	}

	@Test
	void theExecutorsGracePeriodCoversPreStopDecommissionAndWebDrain() throws IOException {
		PropertySource<?> values = yaml(new FileSystemResource("helm/kindling/values.yaml"));

		Duration needed = seconds(values, "executor.preStopSleepSeconds").plus(EXECUTOR_DECOMMISSION)
			.plus(duration(values, "executor.shutdownTimeout"))
			.plus(SLACK);
		assertThat(seconds(values, "executor.terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(needed);
	}

}
