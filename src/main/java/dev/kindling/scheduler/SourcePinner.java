package dev.kindling.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.kindling.catalog.Catalog;
import dev.kindling.catalog.Sources;
import dev.kindling.engine.datasource.SourceFiles.Listing;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.sql.SqlPlanner;
import dev.kindling.platform.DriverRole;

/**
 * Resolves a job's sources before planning and pins each one's schema and partition
 * columns into the spec ({@link Sources}), so every later plan of the job, on the driver
 * or an executor, sees the same columns. A SQL job's tables are the ones its query reads,
 * each from the job's own {@code tables} or else the catalog, pinned into {@code tables}:
 * a later change to the catalog never affects the job. The files each source names are
 * kept for the split planning of the same submission, which thus reads exactly the files
 * the schema came from.
 */
@Component
@DriverRole
class SourcePinner {

	private final Sources sources;

	private final Catalog catalog;

	SourcePinner(Sources sources, Catalog catalog) {
		this.sources = sources;
		this.catalog = catalog;
	}

	/** A job with its sources pinned, and the files each source path names. */
	record Pinned(JobSpec spec, Map<String, Listing> listings) {
	}

	Pinned pin(JobSpec spec) {
		Map<String, Listing> listings = new LinkedHashMap<>();
		if (spec.sql() != null) {
			return new Pinned(pinTables(spec, listings), listings);
		}
		if (!spec.tables().isEmpty()) {
			throw new PlanException("/tables", "tables name the tables of a sql job; this job has no sql");
		}
		if (spec.source() == null) {
			throw new PlanException("/source", "source is required (or sql)");
		}
		JobSpec pinned = spec.withSource(this.sources.pin(spec.source(), "/source", listings));
		return new Pinned(pinned.withPipeline(pinSteps(pinned.pipeline(), "", listings)), listings);
	}

	private JobSpec pinTables(JobSpec spec, Map<String, Listing> listings) {
		Map<String, SourceSpec> pinned = new LinkedHashMap<>();
		for (String name : SqlPlanner.tableNames(spec.sql())) {
			String key = name.toLowerCase(Locale.ROOT);
			if (pinned.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key))) {
				continue;
			}
			Optional<Map.Entry<String, SourceSpec>> local = spec.tables()
				.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.findFirst();
			if (local.isPresent()) {
				String at = "/tables/" + local.get().getKey().replace("~", "~0").replace("/", "~1");
				if (local.get().getValue() == null) {
					throw new PlanException(at, "table '" + local.get().getKey() + "' has no source");
				}
				pinned.put(local.get().getKey(), this.sources.pin(local.get().getValue(), at, listings));
				continue;
			}
			Optional<SourceSpec> stored = this.catalog.find(key);
			if (stored.isPresent()) {
				try {
					pinned.put(key, this.sources.pin(stored.get(), "", listings));
				}
				catch (PlanException ex) {
					throw new PlanException("/sql", "catalog table '" + key + "': " + ex.getMessage());
				}
			}
			// an unknown table is reported by the planner, with its line and column
		}
		return spec.withTables(pinned);
	}

	private List<StepSpec> pinSteps(List<StepSpec> steps, String prefix, Map<String, Listing> listings) {
		List<StepSpec> out = new ArrayList<>();
		for (int i = 0; i < steps.size(); i++) {
			StepSpec s = steps.get(i);
			if (s != null && s.right() != null && s.right().source() != null) {
				// a join's right side, or a union's other side
				String at = prefix + "/pipeline/" + i + "/right";
				StepSpec.RightSpec right = new StepSpec.RightSpec(
						this.sources.pin(s.right().source(), at + "/source", listings),
						pinSteps(s.right().pipeline(), at, listings));
				s = s.withRight(right);
			}
			out.add(s);
		}
		return out;
	}

	/** The files a checked source path names. */
	Listing listing(String path, String at) {
		return this.sources.listing(path, at);
	}

}
