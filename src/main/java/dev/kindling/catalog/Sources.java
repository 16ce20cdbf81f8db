package dev.kindling.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.kindling.engine.datasource.FileFormat;
import dev.kindling.engine.datasource.SchemaCache;
import dev.kindling.engine.datasource.SourceFiles;
import dev.kindling.engine.datasource.SourceFiles.Listing;
import dev.kindling.engine.datasource.SourceOptions;
import dev.kindling.engine.datasource.Storages;
import dev.kindling.engine.datasource.csv.CsvException;
import dev.kindling.engine.datasource.formats.Formats;
import dev.kindling.engine.datasource.json.JsonException;
import dev.kindling.engine.datasource.parquet.ParquetException;
import dev.kindling.engine.logical.PlanException;
import dev.kindling.engine.spec.SourceSpec;
import dev.kindling.engine.storage.LocationRefusedException;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;

/**
 * Resolves one source, of a job or of a catalog table: confines its path (the data root,
 * or an allowed object-store location), lists the files it names ({@link SourceFiles}: a
 * file, a folder, a glob), checks the reader options of its format, and pins its schema
 * (given, from the files' footers, or inferred from a sample) and its partition columns,
 * so every later plan of a job sees the same columns. Errors are {@link PlanException}s
 * naming the field under {@code at}.
 */
@Component
@DriverRole
public class Sources {

	private static final Pattern OPTION = Pattern.compile("option '(\\w+)'");

	private final Storages storages;

	private final int maxColumns;

	/** Schemas of unchanged files are not sampled again for each job. */
	private final SchemaCache schemas = new SchemaCache(256);

	Sources(Storages storages, KindlingProperties properties) {
		this.storages = storages;
		this.maxColumns = properties.limits().maxColumns();
	}

	/**
	 * The schema a source reads as now: the files' columns followed by its partition
	 * columns.
	 */
	public Schema schema(SourceSpec source, String at) {
		return Schema.parse(pin(source, at, new LinkedHashMap<>()).schema());
	}

	/** A source with its schema and partition columns pinned. */
	public SourceSpec pin(SourceSpec source, String at, Map<String, Listing> listings) {
		FileFormat format;
		try {
			format = Formats.of(source.format());
		}
		catch (IllegalArgumentException ex) {
			throw new PlanException(at + "/format", ex.getMessage());
		}
		if (source.path() == null || source.path().isBlank()) {
			throw new PlanException(at + "/path", "path is required");
		}
		if (source.partitionColumns() != null) {
			throw new PlanException(at + "/partitionColumns",
					"partitionColumns is not an option: the driver finds a source's partition folders itself");
		}
		String path = checked(source.path(), at + "/path");
		Map<String, Object> options = SourceOptions.readerOptions(source.options());
		checkOptions(format, options, at);
		Listing listing = listing(path, at + "/path");
		listings.put(path, listing);
		Schema data;
		try {
			data = this.schemas.schema(format.name(), listing.files(), options,
					() -> format.schema(this.storages, listing.files(), options));
		}
		catch (IllegalArgumentException ex) {
			throw new PlanException(at + "/schema", "invalid schema: " + ex.getMessage());
		}
		catch (CsvException | JsonException | ParquetException ex) {
			throw new PlanException(at + "/path", ex.getMessage());
		}
		catch (IOException ex) {
			throw new PlanException(at + "/path", "cannot read '" + source.path() + "': " + this.storages.describe(ex));
		}
		if (data.size() == 0) {
			throw new PlanException(at + "/path", (listing.folder() ? "'" + source.path() + "' holds no data"
					: "file '" + source.path() + "' is empty") + ": there are no columns to read");
		}
		Schema schema = withPartitions(data, listing.partitionColumns(), at);
		if (schema.size() > this.maxColumns) {
			throw new PlanException(at + "/path", "'" + source.path() + "' has " + schema.size()
					+ " columns, more than the limit of " + this.maxColumns + " (kindling.limits.max-columns)");
		}
		List<String> partitions = listing.partitionColumns().stream().map(Field::name).toList();
		SourceSpec pinned = source.withSchema(schema.toDdl(), partitions);
		return path.equals(source.path()) ? pinned : withPath(pinned, path);
	}

	/** The source with its path as later steps name it ({@code s3a://} as s3://). */
	private static SourceSpec withPath(SourceSpec s, String path) {
		return new SourceSpec(s.format(), path, s.header(), s.inferSchema(), s.schema(), s.sep(), s.delimiter(),
				s.quote(), s.escape(), s.comment(), s.nullValue(), s.emptyValue(), s.nanValue(), s.positiveInf(),
				s.negativeInf(), s.mode(), s.multiLine(), s.partitions(), s.maxCharsPerColumn(), s.dateFormat(),
				s.timestampFormat(), s.locale(), s.lineSep(), s.encoding(), s.charset(), s.samplingRatio(),
				s.ignoreLeadingWhiteSpace(), s.ignoreTrailingWhiteSpace(), s.unescapedQuoteHandling(),
				s.primitivesAsString(), s.prefersDecimal(), s.partitionColumns());
	}

	/**
	 * The files' columns followed by the partition columns, which must not repeat them.
	 */
	private static Schema withPartitions(Schema data, List<Field> partitions, String at) {
		if (partitions.isEmpty()) {
			return data;
		}
		Set<String> names = new HashSet<>();
		for (Field f : data.fields()) {
			names.add(f.name().toLowerCase(Locale.ROOT));
		}
		List<Field> fields = new ArrayList<>(data.fields());
		for (Field p : partitions) {
			if (names.contains(p.name().toLowerCase(Locale.ROOT))) {
				throw new PlanException(at + "/path", "column '" + p.name()
						+ "' is both in the files and a partition folder name; Kindling reads one or the other, "
						+ "so rename one");
			}
			fields.add(p);
		}
		return new Schema(fields);
	}

	/** The location a job may use, as later steps name it. */
	public String checked(String location, String at) {
		try {
			return this.storages.check(location);
		}
		catch (LocationRefusedException ex) {
			throw new PlanException(at, ex.getMessage());
		}
	}

	/** The files a checked source path names. */
	public Listing listing(String path, String at) {
		try {
			return SourceFiles.list(this.storages, path);
		}
		catch (SourceFiles.SourceException ex) {
			throw new PlanException(at, ex.getMessage());
		}
		catch (LocationRefusedException ex) {
			throw new PlanException(at, ex.getMessage());
		}
		catch (IOException ex) {
			throw new PlanException(at, "cannot list '" + path + "': " + this.storages.describe(ex));
		}
	}

	public static void checkOptions(FileFormat format, Map<String, Object> options, String at) {
		try {
			format.checkReadOptions(options);
		}
		catch (IllegalArgumentException ex) {
			Matcher m = OPTION.matcher(String.valueOf(ex.getMessage()));
			throw new PlanException(m.find() ? at + "/" + m.group(1) : at, ex.getMessage());
		}
	}

}
