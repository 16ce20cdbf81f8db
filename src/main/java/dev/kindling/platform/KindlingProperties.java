package dev.kindling.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.kindling.engine.expr.ExprParser;

/**
 * Everything configurable in Kindling, under the {@code kindling} prefix. The README
 * lists each property with its default.
 *
 * @param role which parts run in this process: {@code local} (driver plus in-process
 * executors), {@code driver} or {@code executor}
 * @param data the data root that job sources and outputs resolve under
 * @param driver driver settings
 * @param executor executor settings (the executor role, and the local executors)
 * @param local local mode settings
 * @param shuffle shuffle settings
 * @param task task retry settings
 * @param security shared secret and API key
 * @param limits request and result limits
 * @param speculation speculative execution of stragglers
 * @param join join planning
 * @param health how the driver judges its database's health
 * @param scheduler how the driver chooses the next task
 * @param events the live event streams
 * @param retention how long finished jobs are kept
 * @param tls HTTPS for the API, and mutual TLS between the members of the cluster
 * @param autoscaling what the driver tells an autoscaler
 * @param sql the SQL session defaults of every job (time zone, ANSI mode)
 * @param storage object storage, and the locations on it jobs may use
 * @param adaptive adaptive execution of reduce stages from the sizes map stages report
 */
@Validated
@ConfigurationProperties("kindling")
public record KindlingProperties(@DefaultValue("local") @NotNull Role role, @Valid @DefaultValue Data data,
		@Valid @DefaultValue Driver driver, @Valid @DefaultValue Executor executor, @Valid @DefaultValue Local local,
		@Valid @DefaultValue Shuffle shuffle, @Valid @DefaultValue Task task, @Valid @DefaultValue Security security,
		@Valid @DefaultValue Limits limits, @Valid @DefaultValue Speculation speculation,
		@Valid @DefaultValue Join join, @Valid @DefaultValue Health health, @Valid @DefaultValue Scheduler scheduler,
		@Valid @DefaultValue Events events, @Valid @DefaultValue Retention retention, @Valid @DefaultValue Tls tls,
		@Valid @DefaultValue Autoscaling autoscaling, @Valid @DefaultValue Sql sql,
		@Valid @DefaultValue StorageProperties storage, @Valid @DefaultValue Adaptive adaptive) {

	/** Which parts of Kindling this process runs. */
	public enum Role {

		/**
		 * The driver and {@code kindling.local.executors} executors in one JVM, over
		 * loopback HTTP.
		 */
		LOCAL,
		/** The driver alone; executors are separate processes. */
		DRIVER,
		/** One executor, registering with {@code kindling.driver.url}. */
		EXECUTOR;

		public boolean runsDriver() {
			return this != EXECUTOR;
		}

	}

	/**
	 * @param root the folder that all dataset paths are relative to
	 * @param maxTotalSize the most bytes all files under the root may take together; an
	 * upload that would pass it is refused with 507 (unset: no quota)
	 */
	public record Data(@DefaultValue("data") @NotNull Path root, DataSize maxTotalSize) {

		/** The quota in bytes, or {@code -1} for none. */
		public long quotaBytes() {
			return this.maxTotalSize == null || this.maxTotalSize.toBytes() < 0 ? -1 : this.maxTotalSize.toBytes();
		}

	}

	/**
	 * @param url the driver's base URL, for executors
	 * @param maxResultSize a job's result budget (its rows as JSON): each task of a
	 * collect or show gets what is left of it, and the job fails past it before anything
	 * is stored
	 * @param pollTimeout how long a task poll is held open when no task is queued
	 */
	public record Driver(String url, @DefaultValue("64MB") DataSize maxResultSize,
			@DefaultValue("20s") Duration pollTimeout) {
	}

	/**
	 * @param slots task threads per executor (0: the number of processors)
	 * @param advertiseUrl the base URL other executors reach this one at (executor role;
	 * default: http://localhost:{server.port})
	 * @param heartbeatInterval how often an executor heartbeats
	 * @param timeout an executor silent for this long is declared lost
	 * @param cacheMemory memory for cached partitions per executor (0: a fifth of the
	 * heap, shared by the executors in the JVM)
	 * @param shuffleMemory memory for shuffle output per executor; past it, blocks spill
	 * to local disk (0: a fifth of the heap, shared by the executors in the JVM)
	 * @param sortMemory what each of a task's full sorts, grouped aggregations and join
	 * build sides may hold before it spills to local disk (0: a fifth of the heap, shared
	 * by every slot of the executors in the JVM)
	 * @param drainTimeout how long a stopping executor lets its running tasks finish;
	 * those still running then are stopped and handed back to the driver, which runs them
	 * elsewhere
	 * @param migrationTimeout how long a decommissioned executor may spend handing its
	 * shuffle output and cached partitions to live executors; what is left then is
	 * recomputed by the driver from lineage
	 */
	public record Executor(@DefaultValue("0") @Min(0) int slots, String advertiseUrl,
			@DefaultValue("1s") Duration heartbeatInterval, @DefaultValue("10s") Duration timeout,
			@DefaultValue("0B") DataSize cacheMemory, @DefaultValue("0B") DataSize shuffleMemory,
			@DefaultValue("0B") DataSize sortMemory, @DefaultValue("10s") Duration drainTimeout,
			@DefaultValue("20s") Duration migrationTimeout) {

		public int effectiveSlots() {
			return this.slots > 0 ? this.slots : Runtime.getRuntime().availableProcessors();
		}

		/** Cache memory of each of {@code executorsInJvm} executors with this heap. */
		public long effectiveCacheMemory(long maxHeap, int executorsInJvm) {
			return share(this.cacheMemory, maxHeap, executorsInJvm);
		}

		/**
		 * Sort memory of each task of {@code executorsInJvm} executors with this heap.
		 */
		public long effectiveSortMemory(long maxHeap, int executorsInJvm) {
			return share(this.sortMemory, maxHeap, executorsInJvm * effectiveSlots());
		}

		/** Shuffle memory of each of {@code executorsInJvm} executors with this heap. */
		public long effectiveShuffleMemory(long maxHeap, int executorsInJvm) {
			return share(this.shuffleMemory, maxHeap, executorsInJvm);
		}

		/**
		 * As set, or a fifth of the heap split between the executors sharing it: cache
		 * and shuffle together then hold at most 40 % of the heap, whatever its size, and
		 * the rest is left to running tasks (a fixed default overran a small heap: two
		 * local executors at 256 MB each for both would have claimed 1 GB of a 512 MB
		 * heap).
		 */
		private static long share(DataSize set, long maxHeap, int executorsInJvm) {
			if (set != null && set.toBytes() > 0) {
				return set.toBytes();
			}
			return maxHeap / 5 / Math.max(1, executorsInJvm);
		}

	}

	/**
	 * @param executors how many executors local mode starts in the driver's JVM
	 * @param inProcessTasks whether they take and report tasks by calling the scheduler
	 * in this JVM (no HTTP round trip and no JSON per task, as in Spark's local mode);
	 * false sends those calls over HTTP as a separate executor's are. Registration,
	 * heartbeats and shuffle blocks go over HTTP either way.
	 */
	public record Local(@DefaultValue("2") @Min(0) int executors, @DefaultValue("true") boolean inProcessTasks) {
	}

	/**
	 * @param partitions reduce partitions per shuffle (0: twice the total executor slots)
	 * @param maxBytesInFlight the most shuffle bytes a reduce task has requested or
	 * received ahead of what it has read, across the map outputs it reads (Spark's
	 * {@code spark.reducer.maxSizeInFlight})
	 */
	public record Shuffle(@DefaultValue("0") @Min(0) int partitions, @DefaultValue("48MB") DataSize maxBytesInFlight) {
	}

	/**
	 * @param enabled whether stragglers get a speculative copy on another executor (off,
	 * as in Spark)
	 * @param multiplier how many times slower than the stage's median a straggler is
	 * @param quantile the share of a stage's tasks that must be done before speculating
	 * @param minRuntime attempts shorter than this are never speculated
	 * @param interval how often to look for stragglers
	 */
	public record Speculation(@DefaultValue("false") boolean enabled, @DefaultValue("1.5") double multiplier,
			@DefaultValue("0.75") double quantile, @DefaultValue("100ms") Duration minRuntime,
			@DefaultValue("500ms") Duration interval) {
	}

	/**
	 * Adaptive execution (Spark's AQE, {@code spark.sql.adaptive.*}): once the map stages
	 * a reduce stage reads have finished, a shuffled join with a side that turned out
	 * small becomes a broadcast join, small reduce partitions are packed into fewer tasks
	 * and a skewed join partition is split into several.
	 *
	 * @param enabled whether reduce stages adapt to the sizes their map stages reported
	 * @param advisoryPartitionSize the bytes a reduce task should read
	 * ({@code advisoryPartitionSizeInBytes})
	 * @param minPartitionSize no coalesced task is made smaller than this
	 * ({@code coalescePartitions.minPartitionSize})
	 * @param skewedPartitionFactor a join partition is skewed when larger than this many
	 * times its side's median ({@code skewJoin.skewedPartitionFactor})
	 * @param skewedPartitionThreshold and larger than this
	 * ({@code skewJoin.skewedPartitionThresholdInBytes})
	 * @param autoBroadcastJoinThreshold a shuffled join side whose map outputs hold at
	 * most this many bytes in all is broadcast instead
	 * ({@code autoBroadcastJoinThreshold}); unset:
	 * {@code kindling.join.broadcast-threshold}; -1B or 0B: never
	 */
	public record Adaptive(@DefaultValue("true") boolean enabled, @DefaultValue("64MB") DataSize advisoryPartitionSize,
			@DefaultValue("1MB") DataSize minPartitionSize, @DefaultValue("5") @Min(1) double skewedPartitionFactor,
			@DefaultValue("256MB") DataSize skewedPartitionThreshold, DataSize autoBroadcastJoinThreshold) {
	}

	/**
	 * @param broadcastThreshold a join's right side whose input files are at most this
	 * size is broadcast to every task of the left side instead of shuffling both (-1B:
	 * never)
	 */
	public record Join(@DefaultValue("10MB") DataSize broadcastThreshold) {
	}

	/**
	 * @param buffer how many recent events the driver keeps for streams that reconnect
	 * with {@code Last-Event-ID} (one task attempt makes about three)
	 * @param maxStreams the most event streams open at once; one more is refused with 429
	 */
	public record Events(@DefaultValue("65536") @Min(1024) int buffer, @DefaultValue("64") @Min(1) int maxStreams) {
	}

	/**
	 * @param maxAttempts attempts per task before its job fails
	 */
	public record Task(@DefaultValue("4") @Min(1) int maxAttempts) {
	}

	/**
	 * @param sharedSecret the secret executors and driver present to each other (random
	 * per start in local mode when not set)
	 * @param apiKey a key the public API accepts, as the principal {@code admin} with
	 * every role (the single key of earlier versions; prefer {@code principals})
	 * @param apiKeyRequired whether the public API needs a credential
	 * @param publicMetrics whether {@code /actuator/prometheus} and
	 * {@code /actuator/metrics} are readable without a credential (for a scraper inside
	 * the cluster): without the API key on the driver, without the cluster secret on an
	 * executor
	 * @param allowAnonymous whether the public API may be served without an API key;
	 * unset, it is allowed only in local mode while the server listens on a loopback
	 * address, and a driver without a key refuses to start
	 * @param principals the API keys' principals: a name, the SHA-256 of the key, roles
	 * and a default pool
	 * @param oidc bearer tokens from an OpenID Connect issuer, as well as keys
	 */
	public record Security(String sharedSecret, String apiKey, boolean apiKeyRequired, boolean publicMetrics,
			Boolean allowAnonymous, @Valid List<Principal> principals, @Valid Oidc oidc) {

		@ConstructorBinding
		public Security(String sharedSecret, String apiKey, @DefaultValue("false") boolean apiKeyRequired,
				@DefaultValue("false") boolean publicMetrics, Boolean allowAnonymous,
				@Valid @DefaultValue List<Principal> principals, @Valid @DefaultValue Oidc oidc) {
			this.sharedSecret = sharedSecret;
			this.apiKey = apiKey;
			this.apiKeyRequired = apiKeyRequired;
			this.publicMetrics = publicMetrics;
			this.allowAnonymous = allowAnonymous;
			this.principals = principals == null ? List.of() : List.copyOf(principals);
			this.oidc = oidc == null ? new Oidc(null, null, "roles", "sub", null, null) : oidc;
		}

		/** Settings with a single key and no principals or OIDC, as before issue 15. */
		public Security(String sharedSecret, String apiKey, boolean apiKeyRequired, boolean publicMetrics,
				Boolean allowAnonymous) {
			this(sharedSecret, apiKey, apiKeyRequired, publicMetrics, allowAnonymous, List.of(), null);
		}

		/** Says whether the secrets are set, never what they are. */
		@Override
		public String toString() {
			return "Security[sharedSecret=" + (this.sharedSecret == null ? "unset" : "****") + ", apiKey="
					+ (this.apiKey == null ? "unset" : "****") + ", apiKeyRequired=" + this.apiKeyRequired
					+ ", publicMetrics=" + this.publicMetrics + ", allowAnonymous=" + this.allowAnonymous
					+ ", principals=" + this.principals.size() + ", oidc=" + this.oidc.enabled() + "]";
		}

	}

	/**
	 * A principal an API key names.
	 *
	 * @param name its name, recorded as the owner of its jobs
	 * @param keyHash the SHA-256 of its key in hex
	 * ({@code printf '%s' "$KEY" | sha256sum}), optionally prefixed {@code sha256:};
	 * never the key itself
	 * @param roles {@code viewer}, {@code submitter}, {@code admin} (default: viewer)
	 * @param pool the scheduling pool its jobs go to when they name none
	 */
	public record Principal(String name, String keyHash, List<Caller.Role> roles, String pool) {

		@Override
		public String toString() {
			return "Principal[name=" + this.name + ", roles=" + this.roles + ", pool=" + this.pool + "]";
		}

	}

	/**
	 * Bearer tokens (JWTs) from an OpenID Connect issuer, checked against its keys.
	 *
	 * @param issuerUri the issuer; its keys are found through its discovery document, and
	 * a token's {@code iss} must be it
	 * @param jwkSetUri the issuer's JWK set, when there is no discovery document
	 * @param rolesClaim the claim that holds the roles (a list, or a space-separated
	 * string) of {@code viewer}, {@code submitter}, {@code admin}
	 * @param nameClaim the claim that names the principal (owner of its jobs)
	 * @param poolClaim the claim naming the principal's default pool (optional)
	 * @param audience the audience a token must name (optional)
	 */
	public record Oidc(String issuerUri, String jwkSetUri, @DefaultValue("roles") String rolesClaim,
			@DefaultValue("sub") String nameClaim, String poolClaim, String audience) {

		public boolean enabled() {
			return (this.issuerUri != null && !this.issuerUri.isBlank())
					|| (this.jwkSetUri != null && !this.jwkSetUri.isBlank());
		}

	}

	/**
	 * Limits on what one request may ask of the driver; exceeding one is a 4xx problem
	 * detail, never a crash.
	 *
	 * @param maxPipelineSteps the longest pipeline accepted (400, pointer
	 * {@code /pipeline})
	 * @param maxCollectRows the most rows a collect or show may return (400 on
	 * {@code maxRows} or {@code n})
	 * @param maxUploadSize the largest dataset upload (413)
	 * @param maxRequestSize the largest body of any other public API request, a job
	 * submission above all (413)
	 * @param maxExpressionLength the longest expression text, in characters (400 with the
	 * pointer); at most the parser's own bound of 10000
	 * @param maxExpressionDepth the deepest expression nesting (parentheses, operators,
	 * calls; 400 with the pointer); at most the parser's own bound of 64
	 * @param maxColumns the most columns a source schema, a select list, a set of groupBy
	 * keys and aggregations, or a sort may have (400)
	 * @param maxActiveJobs the most jobs a driver holds queued or running at once; a
	 * submission beyond it is refused with 429 and Retry-After instead of growing the
	 * driver's memory
	 * @param maxRunningJobs the most jobs that run at once; later ones wait, QUEUED, for
	 * a place
	 * @param maxTasksPerStage the most tasks one stage may have: a source's
	 * {@code partitions} above it is refused (400), and a file so large that the split
	 * rule would pass it gets larger splits instead
	 * @param maxTasksPerJob the most tasks all stages of one job may have together (400)
	 * @param minSplitSize the smallest split a source's {@code partitions} may ask for: a
	 * file is cut into at most {@code size / minSplitSize} tasks, so a small file never
	 * becomes one task per few bytes
	 * @param idempotencyKeyTtl how long a submission's {@code Idempotency-Key} is
	 * remembered: within it, the same key with the same job returns the first job and
	 * with another job is a 422; after it, the key may be used again
	 */
	public record Limits(@DefaultValue("100") @Min(1) int maxPipelineSteps,
			@DefaultValue("100000") @Min(1) int maxCollectRows, @DefaultValue("2GB") DataSize maxUploadSize,
			@DefaultValue("1MB") DataSize maxRequestSize,
			@DefaultValue("10000") @Min(1) @Max(ExprParser.MAX_LENGTH) int maxExpressionLength,
			@DefaultValue("64") @Min(1) @Max(ExprParser.MAX_DEPTH) int maxExpressionDepth,
			@DefaultValue("1000") @Min(1) int maxColumns, @DefaultValue("1000") @Min(1) int maxActiveJobs,
			@DefaultValue("16") @Min(1) int maxRunningJobs, @DefaultValue("10000") @Min(1) int maxTasksPerStage,
			@DefaultValue("50000") @Min(1) int maxTasksPerJob, @DefaultValue("1MB") DataSize minSplitSize,
			@DefaultValue("24h") Duration idempotencyKeyTtl) {

		public Limits {
			idempotencyKeyTtl = idempotencyKeyTtl == null || idempotencyKeyTtl.isNegative() ? Duration.ofHours(24)
					: idempotencyKeyTtl;
		}

		/** The smallest split in bytes, at least one byte. */
		public long minSplitBytes() {
			return Math.max(1, this.minSplitSize == null ? 1 : this.minSplitSize.toBytes());
		}

	}

	/**
	 * @param databaseLivenessGrace how long the database may be unreachable before
	 * liveness reports DOWN (so an orchestrator restarts the driver); readiness is DOWN
	 * from the first failure
	 * @param databaseProbeInterval how often the driver checks that the database answers
	 */
	public record Health(@DefaultValue("60s") Duration databaseLivenessGrace,
			@DefaultValue("2s") Duration databaseProbeInterval) {
	}

	/**
	 * @param mode {@code fifo}: one queue for the whole service, in the order
	 * {@code policy} says (the default, as before pools); {@code fair}: Spark's FAIR
	 * scheduler, slots shared between {@code pools} by weight and minimum share, FIFO
	 * inside each pool
	 * @param policy in {@code fifo} mode, which running job's task goes next:
	 * {@code round-robin} between running jobs (a small job is not stuck behind a big
	 * one), or {@code fifo} (the oldest job's tasks first, Spark's FIFO)
	 * @param pools the pools of {@code fair} mode by name; {@code default} always exists
	 */
	public record Scheduler(@DefaultValue("fifo") @NotNull Mode mode,
			@DefaultValue("round-robin") @NotNull Policy policy, @Valid Map<String, Pool> pools) {

		public Scheduler {
			pools = pools == null ? Map.of() : Map.copyOf(pools);
		}

		/** Whether the service has one queue or pools. */
		public enum Mode {

			/** One queue, ordered by {@code policy}. */
			FIFO,
			/** Pools sharing the slots by weight and minimum share (Spark's FAIR). */
			FAIR

		}

		/** How the next task set is chosen. */
		public enum Policy {

			/** Jobs take turns, one task each; within a job, stages in order. */
			ROUND_ROBIN,
			/** The oldest running job's tasks first. */
			FIFO

		}

		/**
		 * A pool of the FAIR scheduler.
		 *
		 * @param weight its share of the slots against other pools under contention
		 * @param minShare slots it gets before pools at or above their minimum share
		 * @param maxRunningJobs the most of its jobs that run at once (0: no cap of its
		 * own); later ones wait, QUEUED
		 */
		public record Pool(@DefaultValue("1") @Min(1) int weight, @DefaultValue("0") @Min(0) int minShare,
				@DefaultValue("0") @Min(0) int maxRunningJobs) {

			public static final Pool DEFAULT = new Pool(1, 0, 0);

		}

	}

	/**
	 * Finished jobs are deleted, with their stages, attempts, events and results, once
	 * they are older than {@code maxAge} or beyond the newest {@code maxJobs}; their ids
	 * then answer 410 Gone while their tombstone is kept. Jobs that have not finished are
	 * never touched.
	 *
	 * @param maxAge how long a finished job is kept after it finished
	 * @param maxJobs the most finished jobs kept (0: no cap)
	 * @param interval how often the cleaner looks for expired jobs
	 * @param batchSize the most jobs deleted in one transaction
	 * @param tombstoneAge how long an expired job's id answers 410 (then 404)
	 * @param maxTombstones the most tombstones kept (the oldest go first)
	 */
	public record Retention(@DefaultValue("7d") @NotNull Duration maxAge, @DefaultValue("0") @Min(0) int maxJobs,
			@DefaultValue("1m") @NotNull Duration interval, @DefaultValue("500") @Min(1) int batchSize,
			@DefaultValue("30d") @NotNull Duration tombstoneAge, @DefaultValue("100000") @Min(1) int maxTombstones) {
	}

	/**
	 * The session defaults a job runs with unless it sets its own ({@code "session"} in
	 * the job), as Spark's {@code spark.sql.session.timeZone} and
	 * {@code spark.sql.ansi.enabled}.
	 *
	 * @param sessionTimeZone the zone timestamps are read and shown in, and that
	 * {@code current_date()}, {@code unix_timestamp} and zone-aware patterns use
	 * @param ansi ANSI mode
	 */
	public record Sql(@DefaultValue("UTC") @NotNull String sessionTimeZone, @Valid @DefaultValue Ansi ansi) {

		/**
		 * @param enabled whether invalid input (a date that does not parse), overflow and
		 * division by zero fail the job with Spark's error class, as in Spark 4; false
		 * gives Spark 3's nulls
		 */
		public record Ansi(@DefaultValue("true") boolean enabled) {
		}

	}

	/**
	 * TLS for the API and between the members of the cluster, from a Spring Boot SSL
	 * bundle ({@code spring.ssl.bundle.pem.<name>.*} or
	 * {@code spring.ssl.bundle.jks.<name>.*}).
	 *
	 * @param bundle the SSL bundle holding this process's certificate and key and the
	 * certificate authority its peers' certificates are checked against; unset: plain
	 * HTTP
	 * @param mutual whether the internal endpoints require a client certificate that the
	 * bundle's trust store accepts (mutual TLS); the public API and the health probes
	 * need none
	 * @param checkExecutorHostNames whether an executor checks that another executor's
	 * certificate names the host in its advertised URL (the driver's is always checked);
	 * off where executors advertise addresses no shared certificate can name, such as pod
	 * IPs: their certificates must then still be signed by the bundle's authority
	 */
	public record Tls(String bundle, @DefaultValue("true") boolean mutual,
			@DefaultValue("true") boolean checkExecutorHostNames) {

		public boolean enabled() {
			return this.bundle != null && !this.bundle.isBlank();
		}

	}

	/**
	 * @param executorSlots the slots of one executor, for the desired-executors hint; 0:
	 * the average of the live executors (1 while there are none)
	 */
	public record Autoscaling(@DefaultValue("0") @Min(0) int executorSlots) {
	}

}
