package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kindling.engine.storage.FileEntry;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;

/**
 * Works out the schema of a CSV file the way Spark does.
 *
 * <p>
 * Names come from the header record (empty names, and names equal to {@code nullValue},
 * become {@code _c<i>}; a name that appears more than once, ignoring case, gets its
 * column index appended, as in Spark) or are {@code _c0, _c1, ...}. With
 * {@code inferSchema}, types come from {@link CsvTypeInference} over a sample of the
 * records:
 * <ul>
 * <li>with {@code samplingRatio}, Spark's sample: each line of the whole file is kept
 * with that probability, drawn as Spark draws it (see {@link SparkSampler}), and a ratio
 * above 0.99 keeps every record, so every value is read;
 * <li>without it, Kindling's bounded sample instead of Spark's full pass: the first
 * {@value #HEAD_RECORDS} records, plus {@value #PROBE_RECORDS} records from each of
 * {@value #PROBES} offsets spread over the rest of a larger file (each starting at the
 * next line start; not for files that cannot be split, where a line start may be inside a
 * quoted field).
 * </ul>
 */
public final class CsvSchemaInference {

	static final int HEAD_RECORDS = 20_000;

	static final int PROBE_RECORDS = 2_000;

	static final int PROBES = 4;

	private static final int MAX_COLUMNS = 20_000;

	private CsvSchemaInference() {
	}

	/**
	 * The schema of a file: the explicit {@code schema} option when given, else names and
	 * types as described above.
	 * @return the schema; empty for an empty file (the caller reports it)
	 * @throws CsvException when the file cannot be read, or when its first record is
	 * longer than the record limit
	 */
	public static Schema resolve(InputFile file, CsvOptions options) {
		return resolve(file, options, null);
	}

	/**
	 * The schema of the files of a source, as above: the names and the types from the
	 * first file, and the types widened by a sample of the records of up to
	 * {@value #MORE_FILES} more files, spread over the list ({@value #PROBE_RECORDS}
	 * records from the start of each, or every record each keeps with
	 * {@code samplingRatio}).
	 * @throws CsvException when a file cannot be read, or when the first record is longer
	 * than the record limit
	 */
	public static Schema resolve(Storage storage, List<FileEntry> files, CsvOptions options) {
		if (options.explicitSchema() != null || files.isEmpty()) {
			return options.explicitSchema() != null ? options.explicitSchema() : new Schema(List.of());
		}
		InputFile first = open(storage, files.get(0));
		return resolve(first, options, (types) -> {
			int more = Math.min(MORE_FILES, files.size() - 1);
			for (int k = 1; k <= more; k++) {
				FileEntry entry = files.get((int) ((long) k * (files.size() - 1) / more));
				try (CsvSource source = CsvSource.open(open(storage, entry), options)) {
					sampleMore(source, entry.path(), options, types);
				}
				catch (IOException ex) {
					throw new CsvException("cannot read " + entry.path() + ": " + ex.getMessage(), entry.path(), -1,
							ex);
				}
			}
		});
	}

	/** The files after the first, when there are several. */
	static final int MORE_FILES = 16;

	private static InputFile open(Storage storage, FileEntry entry) {
		try {
			return storage.open(entry.path(), entry.size());
		}
		catch (IOException ex) {
			throw new CsvException("cannot open " + entry.path() + ": " + storage.describe(ex), entry.path(), -1, ex);
		}
	}

	/** Records of another file of the source, for the types (its header dropped). */
	private static void sampleMore(CsvSource source, String fileName, CsvOptions options, CsvTypeInference types) {
		CsvLexer lexer = new CsvLexer(source, fileName, 0, Long.MAX_VALUE, options, 1 << 18, MAX_COLUMNS);
		SparkSampler sampler = (options.samplingRatio() == null || options.samplingRatio() > 0.99) ? null
				: new SparkSampler(options.samplingRatio());
		boolean more = lexer.next() && (!options.header() || lexer.next());
		for (int k = 0; more && (options.samplingRatio() != null || k < PROBE_RECORDS); k++) {
			if (sampler == null || sampler.keep()) {
				types.add(lexer);
			}
			more = lexer.next();
		}
	}

	private interface MoreFiles {

		void sample(CsvTypeInference types);

	}

	private static Schema resolve(InputFile file, CsvOptions options, MoreFiles moreFiles) {
		Schema explicit = options.explicitSchema();
		if (explicit != null) {
			closeQuietly(file);
			return explicit;
		}
		String fileName = file.name();
		try (CsvSource source = CsvSource.open(file, options)) {
			long size = source.size();
			int bufferSize = (int) Math.min(1 << 20, (size < 0) ? 1 << 20 : size + 16);
			CsvLexer head = new CsvLexer(source, fileName, 0, Long.MAX_VALUE, options, bufferSize, MAX_COLUMNS);
			SparkSampler sampler = (options.samplingRatio() == null || options.samplingRatio() > 0.99) ? null
					: new SparkSampler(options.samplingRatio());
			long skipped = 0;
			if (!head.next()) {
				return new Schema(List.of());
			}
			if (head.fieldCount() == 0 && head.error() != null) {
				throw new CsvException("the first record of " + fileName + " cannot be read: " + head.error(), fileName,
						1);
			}
			if (sampler != null) {
				skipped = draw(sampler, head, skipped);
			}
			List<String> names;
			if (options.header()) {
				names = headerNames(head, options);
				if (sampler != null) {
					// the header is a line Spark's sampler draws for
					sampler.keep();
				}
			}
			else {
				names = new ArrayList<>();
				for (int i = 0; i < head.keptFields(); i++) {
					names.add("_c" + i);
				}
			}
			CsvTypeInference types = null;
			if (options.inferSchema()) {
				types = new CsvTypeInference(names.size(), options);
				boolean more = !options.header() || head.next();
				if (options.samplingRatio() != null) {
					for (; more; more = head.next()) {
						skipped = draw(sampler, head, skipped);
						if (sampler == null || sampler.keep()) {
							types.add(head);
						}
					}
				}
				else {
					sampleHeadAndProbes(source, fileName, options, size, head, more, types);
				}
				if (moreFiles != null) {
					moreFiles.sample(types);
				}
			}
			List<Field> fields = new ArrayList<>(names.size());
			for (int i = 0; i < names.size(); i++) {
				DataType type = (types == null) ? DataType.STRING : types.type(i);
				fields.add(new Field(names.get(i), type));
			}
			return new Schema(fields);
		}
		catch (IOException ex) {
			throw new CsvException("cannot read " + fileName + ": " + ex.getMessage(), fileName, -1, ex);
		}
	}

	private static void closeQuietly(InputFile file) {
		try {
			file.close();
		}
		catch (IOException ex) {
			// only read from
		}
	}

	/**
	 * Draws for the lines skipped before the lexer's current record (blank and comment
	 * lines are lines of the file to Spark's sampler too).
	 */
	private static long draw(SparkSampler sampler, CsvLexer lexer, long skippedBefore) {
		if (sampler == null) {
			return skippedBefore;
		}
		for (long k = skippedBefore; k < lexer.skippedLines(); k++) {
			sampler.keep();
		}
		return lexer.skippedLines();
	}

	private static void sampleHeadAndProbes(CsvSource source, String fileName, CsvOptions options, long size,
			CsvLexer head, boolean more, CsvTypeInference types) {
		int count = 0;
		while (more && count < HEAD_RECORDS) {
			types.add(head);
			count++;
			more = head.next();
		}
		long covered = head.position();
		if (more && options.splittable() && size > covered && !CsvSource.compressed(fileName)) {
			long span = size - covered;
			for (int p = 1; p <= PROBES; p++) {
				long at = covered + span * p / (PROBES + 1);
				CsvLexer probe = new CsvLexer(source, fileName, at, Long.MAX_VALUE, options, 1 << 18, MAX_COLUMNS);
				for (int k = 0; k < PROBE_RECORDS && probe.next(); k++) {
					types.add(probe);
				}
			}
		}
	}

	private static List<String> headerNames(CsvLexer lexer, CsvOptions options) {
		int n = lexer.keptFields();
		Charset charset = options.lexedCharset();
		FieldValue value = new FieldValue(options.toBuilder().nullValue("").build());
		List<String> raw = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			String name = value.read(lexer, i) ? new String(value.b, value.s, value.e - value.s, charset) : "";
			raw.add((name.isEmpty() || name.equals(options.nullValue())) ? null : name);
		}
		Set<String> seen = new HashSet<>();
		Set<String> duplicated = new HashSet<>();
		for (String name : raw) {
			if (name != null && !seen.add(name.toLowerCase(Locale.ROOT))) {
				duplicated.add(name.toLowerCase(Locale.ROOT));
			}
		}
		List<String> names = new ArrayList<>(n);
		Set<String> taken = new HashSet<>();
		for (int i = 0; i < n; i++) {
			String name = raw.get(i);
			if (name == null) {
				name = "_c" + i;
			}
			else if (duplicated.contains(name.toLowerCase(Locale.ROOT))) {
				name = name + i;
			}
			String unique = name;
			for (int k = 1; !taken.add(unique.toLowerCase(Locale.ROOT)); k++) {
				unique = name + "_" + k;
			}
			names.add(unique);
		}
		return names;
	}

}
