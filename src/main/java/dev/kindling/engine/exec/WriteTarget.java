package dev.kindling.engine.exec;

import java.util.List;

/**
 * Where a write task puts its files: a staging folder of its own attempt under the output
 * ({@code out/_temporary/<job>/<attempt>/}), whose files the driver moves into the output
 * once every partition of the job has succeeded (see the driver's commit). A retried or
 * speculative attempt writes its own staging folder, so no attempt ever sees another's
 * files, and only the attempt the driver counted is committed.
 *
 * @param staging the attempt's staging folder
 * @param format the format's name
 * @param partitionBy the columns whose values name the folders rows go to (empty for
 * none)
 * @param jobId the job, part of every file name (so an append never replaces a file)
 * @param partition the task's partition, part of its file names
 */
public record WriteTarget(String staging, String format, List<String> partitionBy, String jobId, int partition) {

	public WriteTarget {
		partitionBy = partitionBy == null ? List.of() : List.copyOf(partitionBy);
	}

	/** The staging folder of an attempt of a write to {@code output}. */
	public static String staging(String output, String jobId, String attemptId) {
		return temporary(output) + "/" + jobId + "/" + attemptId;
	}

	/** The folder of every job's staging folders under an output. */
	public static String temporary(String output) {
		return dev.kindling.engine.storage.Locations.join(dev.kindling.engine.storage.Locations.trim(output),
				"_temporary");
	}

}
