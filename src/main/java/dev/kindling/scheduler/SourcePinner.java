package dev.kindling.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.DataRoot.PathRefusedException;
import dev.kindling.engine.datasource.csv.CsvException;
import dev.kindling.engine.datasource.csv.CsvOptions;
import dev.kindling.engine.datasource.csv.CsvSchemaInference;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.spec.JobSpec;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.spec.StepSpec;
import dev.kindling.engine.types.Schema;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;

/**
 * Resolves a job's sources before planning: confines each path to the data root, checks
 * the file and its reader options, and pins its schema (given, or inferred from a sample)
 * into the spec, so every later plan of the job, on the driver or an executor, sees the
 * same columns.
 */
@Component
@DriverRole
class SourcePinner {

	private static final Pattern OPTION = Pattern.compile("option '(\\w+)'");

	private final DataRoot dataRoot;

	private final int maxColumns;

	SourcePinner(DataRoot dataRoot, KindlingProperties properties) {
		this.dataRoot = dataRoot;
		this.maxColumns = properties.limits().maxColumns();
	}

	JobSpec pin(JobSpec spec) {
		if (spec.source() == null) {
			throw new PlanException("/source", "source is required");
		}
		JobSpec pinned = spec.withSource(pin(spec.source(), "/source"));
		return pinned.withPipeline(pinSteps(pinned.pipeline(), ""));
	}

	private List<StepSpec> pinSteps(List<StepSpec> steps, String prefix) {
		List<StepSpec> out = new ArrayList<>();
		for (int i = 0; i < steps.size(); i++) {
			StepSpec s = steps.get(i);
			if (s != null && s.right() != null && s.right().source() != null) {
				// a join's right side, or a union's other side
				String at = prefix + "/pipeline/" + i + "/right";
				StepSpec.RightSpec right = new StepSpec.RightSpec(pin(s.right().source(), at + "/source"),
						pinSteps(s.right().pipeline(), at));
				s = s.withRight(right);
			}
			out.add(s);
		}
		return out;
	}

	private SourceSpec pin(SourceSpec source, String at) {
		if (source.format() != null && !source.format().equalsIgnoreCase("csv")) {
			throw new PlanException(at + "/format", "unsupported format '" + source.format() + "' (expected csv)");
		}
		if (source.path() == null || source.path().isBlank()) {
			throw new PlanException(at + "/path", "path is required");
		}
		Path file = file(source.path(), at + "/path");
		CsvOptions options = options(source, at);
		Schema schema;
		try {
			schema = CsvSchemaInference.resolve(file, options);
		}
		catch (IllegalArgumentException ex) {
			throw new PlanException(at + "/schema", "invalid schema: " + ex.getMessage());
		}
		catch (CsvException ex) {
			throw new PlanException(at + "/path", ex.getMessage());
		}
		if (schema.size() == 0) {
			throw new PlanException(at + "/path",
					"file '" + source.path() + "' is empty: there are no columns to read");
		}
		if (schema.size() > this.maxColumns) {
			throw new PlanException(at + "/path", "file '" + source.path() + "' has " + schema.size()
					+ " columns, more than the limit of " + this.maxColumns + " (kindling.limits.max-columns)");
		}
		return source.withSchema(schema.toDdl());
	}

	/** The existing regular file a source path names. */
	Path file(String path, String at) {
		Path file;
		try {
			file = this.dataRoot.resolve(path);
		}
		catch (PathRefusedException ex) {
			throw new PlanException(at, ex.getMessage());
		}
		if (!Files.isRegularFile(file)) {
			throw new PlanException(at, "file '" + path + "' does not exist under the data root");
		}
		if (!Files.isReadable(file)) {
			throw new PlanException(at, "file '" + path + "' is not readable");
		}
		return file;
	}

	static CsvOptions options(SourceSpec source, String at) {
		try {
			return CsvOptions.fromMap(source.options());
		}
		catch (IllegalArgumentException ex) {
			Matcher m = OPTION.matcher(String.valueOf(ex.getMessage()));
			throw new PlanException(m.find() ? at + "/" + m.group(1) : at, ex.getMessage());
		}
	}

	long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new PlanException("/source/path", "cannot read file: " + ex.getMessage());
		}
	}

}
