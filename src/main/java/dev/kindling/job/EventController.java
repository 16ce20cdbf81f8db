package dev.kindling.job;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.Caller;
import dev.kindling.platform.DriverRole;
import dev.kindling.state.EventRepository;
import dev.kindling.state.EventType;

/** {@code GET /api/v1/events}: what happened to jobs and executors lately. */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events", description = "Executors registered and lost, tasks retried, stages resubmitted")
@DriverRole
class EventController {

	/** An event, newest first. */
	record Event(long id, java.time.Instant at, EventType type, String jobId, String executorId, String message) {
	}

	private final EventRepository events;

	private final JobQueries queries;

	EventController(EventRepository events, JobQueries queries) {
		this.events = events;
		this.queries = queries;
	}

	@GetMapping
	@Operation(summary = "List recent events",
			description = "The latest 200 events of every job and executor (a submitter's: of its own jobs, "
					+ "and of executors).")
	@Transactional(readOnly = true)
	List<Event> list() {
		Caller caller = Caller.current();
		org.springframework.data.domain.PageRequest first = org.springframework.data.domain.PageRequest.of(0, 200);
		return (caller.seesAllJobs() ? this.events.findAllByOrderByIdDesc(first)
				: this.events.findVisibleTo(caller.name(), first))
			.getContent()
			.stream()
			.map(e -> new Event(e.getId(), e.getAt(), e.getType(), e.getJobId(), e.getExecutorId(),
					this.queries.message(e.getMessage())))
			.toList();
	}

}
