package dev.kindling.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.Caller;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.Page;
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
	@Operation(summary = "List events",
			description = "Every event of every job and executor (a submitter's: of its own jobs, and of "
					+ "executors), newest first, paged (page, size: default 100). With Accept: text/event-stream "
					+ "the cluster's live stream instead (see the Live tag).")
	@Transactional(readOnly = true)
	Page<Event> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
		Page.check(page, size);
		Caller caller = Caller.current();
		org.springframework.data.domain.PageRequest request = org.springframework.data.domain.PageRequest.of(page,
				size);
		org.springframework.data.domain.Page<dev.kindling.state.EventEntity> result = caller.seesAllJobs()
				? this.events.findAllByOrderByIdDesc(request) : this.events.findVisibleTo(caller.name(), request);
		return new Page<>(result.getContent()
			.stream()
			.map(e -> new Event(e.getId(), e.getAt(), e.getType(), e.getJobId(), e.getExecutorId(),
					this.queries.message(e.getMessage())))
			.toList(), page, size, result.getTotalElements(), Page.pages(result.getTotalElements(), size));
	}

}
