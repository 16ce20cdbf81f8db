package dev.kindling.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.kindling.cluster.ExecutorRegistry;
import dev.kindling.cluster.ExecutorView;
import dev.kindling.job.JobQueries;
import dev.kindling.state.JobStatus;
import dev.kindling.job.JobViews.EventView;
import dev.kindling.job.JobViews.JobView;
import dev.kindling.job.JobViews.StageView;
import dev.kindling.live.LiveViews.EventUpdate;
import dev.kindling.live.LiveViews.ProgressUpdate;
import dev.kindling.live.LiveViews.StageUpdate;
import dev.kindling.platform.Caller;
import dev.kindling.platform.DriverRole;

/**
 * The live streams, for clients that ask for {@code text/event-stream} (the same paths
 * answer JSON lists otherwise).
 */
@RestController
@Tag(name = "Live", description = "Server-Sent Events: a job's progress, and the cluster's, as it happens")
@DriverRole
class EventStreamController {

	private static final String LAST_EVENT_ID = "Last-Event-ID";

	private final EventStreams streams;

	private final JobQueries queries;

	private final ExecutorRegistry registry;

	private final java.time.Clock clock;

	EventStreamController(EventStreams streams, JobQueries queries, ExecutorRegistry registry, java.time.Clock clock) {
		this.streams = streams;
		this.queries = queries;
		this.registry = registry;
		this.clock = clock;
	}

	@GetMapping(path = "/api/v1/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Stream a job's progress",
			description = "Server-Sent Events: job (status changes; the last one is the whole job document, "
					+ "after which the stream ends), stage (status and task counts), task (an attempt queued, "
					+ "started, ended), progress (the job's counts, as in its document) and event (retries, lost "
					+ "executors). Every event has an id; reconnecting with Last-Event-ID resumes after it. Without "
					+ "one (or when the driver no longer holds what followed it) the stream starts with a snapshot: "
					+ "a snapshot event, then the job's stored events, its stages, progress and the job, the last "
					+ "of them carrying the id the snapshot is as of.")
	SseEmitter job(@PathVariable String id,
			@Parameter(description = "The id of the last event received") @RequestHeader(name = LAST_EVENT_ID,
					required = false) String lastEventId,
			HttpServletResponse response) {
		// another submitter's job is not found (404), as on every job endpoint
		JobStatus status = this.queries.entity(id, Caller.current()).getStatus();
		noBuffering(response);
		return this.streams.open(new JobFilter(id), parse(lastEventId), status.isFinal(), () -> jobSnapshot(id));
	}

	@GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Stream the cluster's events",
			description = "Server-Sent Events of every job (job, stage, progress, event; task events only on a "
					+ "job's own stream) and executor (registered, lost, gone); a submitter's stream carries only its "
					+ "own jobs and the executors. Resumes with Last-Event-ID like a job's stream; a snapshot lists "
					+ "the executors and the unfinished jobs.")
	SseEmitter cluster(@Parameter(description = "The id of the last event received") @RequestHeader(
			name = LAST_EVENT_ID, required = false) String lastEventId, HttpServletResponse response) {
		// captured here: snapshots and filtering also run on the stream's sender thread
		Caller caller = Caller.current();
		noBuffering(response);
		return this.streams.open(new ClusterFilter(caller), parse(lastEventId), false, () -> clusterSnapshot(caller));
	}

	private static void noBuffering(HttpServletResponse response) {
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Accel-Buffering", "no");
	}

	private static Long parse(String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return null;
		}
		try {
			return Long.parseLong(lastEventId.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private List<FeedEvent> jobSnapshot(String id) {
		JobView job = this.queries.job(id);
		List<FeedEvent> out = new ArrayList<>();
		for (EventView e : this.queries.events(id)) {
			out.add(new FeedEvent(0, FeedEvent.EVENT, id,
					new EventUpdate(id, e.executorId(), e.at(), String.valueOf(e.type()), e.message())));
		}
		for (StageView s : job.stages()) {
			out.add(new FeedEvent(0, FeedEvent.STAGE, id,
					new StageUpdate(id, s.id(), s.status(), s.attempt(), s.kind(), s.numTasks(), s.parents(),
							s.progress(), s.shuffleBytesWritten(), s.shuffleBytesRead(), s.spills(), s.spillBytes(),
							s.submittedAt(), s.finishedAt())));
		}
		out.add(new FeedEvent(0, FeedEvent.PROGRESS, id, new ProgressUpdate(id, job.status(), job.progress())));
		out.add(new FeedEvent(0, FeedEvent.JOB, id, job));
		return out;
	}

	private List<FeedEvent> clusterSnapshot(Caller caller) {
		List<FeedEvent> out = new ArrayList<>();
		java.time.Instant now = this.clock.instant();
		this.registry.all().forEach(e -> out.add(new FeedEvent(0, FeedEvent.EXECUTOR, null, ExecutorView.of(e, now))));
		for (JobStatus status : List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELLING)) {
			for (JobView job : this.queries.list(status, 0, 100, caller).items()) {
				out.add(new FeedEvent(0, FeedEvent.JOB, job.id(), job));
			}
		}
		return out;
	}

	/** One job's events; ends after its final state, sent as its whole document. */
	private final class JobFilter implements EventStreams.Filter {

		private final String jobId;

		JobFilter(String jobId) {
			this.jobId = jobId;
		}

		@Override
		public boolean accepts(FeedEvent event) {
			return this.jobId.equals(event.jobId()) && !FeedEvent.EXECUTOR.equals(event.type());
		}

		@Override
		public boolean ends(FeedEvent event) {
			return FeedEvent.JOB.equals(event.type()) && event.data() instanceof JobView v && v.status().isFinal();
		}

		@Override
		public Object data(FeedEvent event) {
			if (ends(event) && ((JobView) event.data()).stages() == null) {
				return EventStreamController.this.queries.job(this.jobId);
			}
			return event.data();
		}

	}

	/**
	 * Everything but task attempts, which only a job's stream carries; for a caller that
	 * sees only its own jobs, the events of those jobs and of executors.
	 */
	private final class ClusterFilter implements EventStreams.Filter {

		private final Caller caller;

		/** Whether the caller sees a job, by id: an owner never changes. */
		private final Map<String, Boolean> visible = new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > 1024;
			}
		};

		ClusterFilter(Caller caller) {
			this.caller = caller;
		}

		@Override
		public boolean accepts(FeedEvent event) {
			if (FeedEvent.TASK.equals(event.type())) {
				return false;
			}
			if (event.jobId() == null || this.caller.seesAllJobs()) {
				return true;
			}
			// one sender at a time drains a stream, so the map needs no lock
			return this.visible.computeIfAbsent(event.jobId(),
					(id) -> EventStreamController.this.queries.sees(id, this.caller));
		}

		@Override
		public boolean ends(FeedEvent event) {
			return false;
		}

	}

}
