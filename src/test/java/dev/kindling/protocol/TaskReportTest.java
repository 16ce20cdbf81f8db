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

	@Test
	void spillCountsTravelWithTheReportAndAReportWithoutThemReadsAsNoSpill() {
		JsonMapper json = JsonMapper.builder().build();
		TaskReport.Metrics spilled = new TaskReport.Metrics(10, 10, 0, 0, 0, 7, 0, 1, 3L, 123_456L);
		TaskReport sent = new TaskReport("a-2", "j-1", 1, 0, 0, 0, "e-1", TaskReport.State.SUCCEEDED, null, false, null,
				spilled, null, List.of());

		TaskReport received = json.readValue(json.writeValueAsString(sent), TaskReport.class);
		assertThat(received.metrics().spills()).isEqualTo(3);
		assertThat(received.metrics().spillBytes()).isEqualTo(123_456);
		assertThat(received.onSlot(2).metrics().spillBytes()).as("kept when the slot is added").isEqualTo(123_456);

		String older = """
				{"attemptId": "a-3", "jobId": "j-1", "stageId": 0, "stageAttempt": 0, "partition": 0, "attempt": 0,
				 "executorId": "e-1", "state": "SUCCEEDED", "deterministic": false,
				 "metrics": {"rowsIn": 1, "rowsOut": 1, "bytesIn": 1, "shuffleBytesRead": 0,
				  "shuffleBytesWritten": 0, "durationMs": 5, "shuffleRemoteBytesRead": 0}}""";
		TaskReport.Metrics none = json.readValue(older, TaskReport.class).metrics();
		assertThat(none.spills()).isZero();
		assertThat(none.spillBytes()).isZero();
	}

}
