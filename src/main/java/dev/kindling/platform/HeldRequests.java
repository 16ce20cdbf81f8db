package dev.kindling.platform;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The requests the driver holds open on purpose: executors' long polls and submissions
 * with {@code ?wait=}. When the driver starts to stop, just before the web server's
 * graceful shutdown waits for requests in flight, each held request is answered at once
 * with what it would have got when its wait ran out (no task; the job as it stands, 202),
 * and from then on nothing is held. Without this, a stopping driver sat out the longest
 * poll ({@code kindling.driver.poll-timeout}, 20 s) before it could close.
 */
@Component
@DriverRole
public class HeldRequests implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(HeldRequests.class);

	/**
	 * Seconds a caller turned away while the driver stops should wait before trying
	 * again.
	 */
	static final int RETRY_AFTER_SECONDS = 1;

	private final Set<Held<?>> held = ConcurrentHashMap.newKeySet();

	private volatile boolean stopping;

	private volatile boolean running;

	private record Held<T>(DeferredResult<T> result, Supplier<T> answer) {

		void release() {
			if (!this.result.isSetOrExpired()) {
				this.result.setResult(this.answer.get());
			}
		}

	}

	/**
	 * Holds {@code result} until it is set or expires; if the driver starts to stop
	 * first, sets it to {@code answer}'s value then. Answers at once when the driver is
	 * already stopping.
	 */
	public <T> void hold(DeferredResult<T> result, Supplier<T> answer) {
		if (result.isSetOrExpired()) {
			return;
		}
		this.held.removeIf((h) -> h.result().isSetOrExpired());
		Held<T> h = new Held<>(result, answer);
		this.held.add(h);
		// stop() may have released everything between the check above and the add.
		if (this.stopping) {
			h.release();
		}
	}

	/**
	 * Turns a caller away with 503 and {@code Retry-After} while the driver stops,
	 * instead of holding its request.
	 * @throws ErrorResponseException 503 when the driver is stopping
	 */
	public void refuseWhileStopping() {
		if (this.stopping) {
			ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"the driver is stopping; try again in a moment");
			detail.setTitle("Driver stopping");
			detail.setType(URI.create("https://kindling.dev/problems/driver-stopping"));
			ErrorResponseException refusal = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, detail, null);
			refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
			throw refusal;
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.stopping = true;
		for (Held<?> h : this.held) {
			try {
				h.release();
			}
			catch (RuntimeException ex) {
				// No answer could be made (the database may be gone): this one times
				// out as before, and the others are still released.
				log.warn("Could not answer a held request while stopping: {}", ex.toString());
			}
		}
		this.held.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Just before the web server's graceful shutdown, which waits for held requests. */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

}
