package dev.kindling.protocol;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task report on its way from an executor's slot to the driver: what the executor adds
 * to it (the slot) and the JSON it travels as leave every other component as the task
 * made it.
 */
class TaskReportTest {

	/**
	 * A task that stopped at its result budget, as the executor's TaskExecution reports
	 * it.
	 */
	static TaskReport stoppedAtItsBudget() {
		return new TaskReport("a-1", "j-1", 0, 0, 0, 0, "e-1", TaskReport.State.FAILED,
				"the task's rows reached 4385 bytes, more than the 4096 bytes left of the job's result budget", true,
				null, new TaskReport.Metrics(101, 101, 4000, 0, 0, 7, 0), null, List.of(), 4385L);
	}

	@Test
	void theSlotIsAddedAndEveryOtherComponentKeptTheResultBudgetsSizeIncluded() {
		TaskReport report = stoppedAtItsBudget();

		TaskReport onSlot = report.onSlot(3);

		assertThat(onSlot.metrics().slot()).isEqualTo(3);
		assertThat(onSlot.resultTooLarge()).isEqualTo(4385L);
		assertThat(onSlot).usingRecursiveComparison().ignoringFields("metrics.slot").isEqualTo(report);
	}

	@Test
	void theResultBudgetsSizeSurvivesTheJsonOfTheReportCall() {
		JsonMapper json = JsonMapper.builder().build();
		TaskReport sent = stoppedAtItsBudget().onSlot(0);

		TaskReport received = json.readValue(json.writeValueAsString(sent), TaskReport.class);

		assertThat(received.resultTooLarge()).isEqualTo(4385L);
		assertThat(received).isEqualTo(sent);
	}

}
