package dev.kindling.job;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

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

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List recent events",
			description = "The latest 200 events of every job and executor. With Accept: text/event-stream the "
					+ "cluster's live stream instead (see the Live tag).")
	@Transactional(readOnly = true)
	List<Event> list() {
		return this.events.findTop200ByOrderByIdDesc()
			.stream()
			.map(e -> new Event(e.getId(), e.getAt(), e.getType(), e.getJobId(), e.getExecutorId(),
					this.queries.message(e.getMessage())))
			.toList();
	}

}
