package dev.kindling.engine.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kindling.engine.datasource.BatchWriter;
import dev.kindling.engine.datasource.FileFormat;
import dev.kindling.engine.datasource.PartitionDiscovery;
import dev.kindling.engine.datasource.formats.Formats;
import dev.kindling.engine.storage.Locations;
import dev.kindling.engine.storage.Storage;
import dev.kindling.engine.types.DataType;
import dev.kindling.engine.types.Field;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;
import dev.kindling.engine.vector.ColumnVector;

/**
 * Writes one task's rows into its staging folder, as Spark's file writers do: without
 * {@code partitionBy}, one file {@code part-<partition>-<job>-c000<ext>}; with it, a file
 * under {@code col=value/...} for each distinct set of values, holding the other columns
 * (a value escaped as Spark escapes folder names, null and the empty string as
 * {@value PartitionDiscovery#DEFAULT_PARTITION}). At most {@value #MAX_OPEN} files are
 * open at once; past that the least recently written is finished and a later row of its
 * folder starts the next file ({@code c001}...).
 */
final class OutputWriter implements AutoCloseable {

	static final int MAX_OPEN = 32;

	private final Storage storage;

	private final WriteTarget target;

	private final FileFormat format;

	private final Schema schema;

	/** The indexes of the partition columns in the rows. */
	private final int[] partitionIndexes;

	/** The indexes of the columns the files hold. */
	private final int[] dataIndexes;

	private final Schema dataSchema;

	private final LinkedHashMap<String, BatchWriter> open = new LinkedHashMap<>(16, 0.75f, true);

	private final Map<String, Integer> fileCounts = new HashMap<>();

	private final List<String> files = new ArrayList<>();

	private long rows;

	OutputWriter(Storage storage, WriteTarget target, Schema schema) {
		this.storage = storage;
		this.target = target;
		this.format = Formats.of(target.format());
		this.schema = schema;
		List<Integer> partitions = new ArrayList<>();
		for (String name : target.partitionBy()) {
			partitions.add(schema.indexOf(name));
		}
		List<Integer> data = new ArrayList<>();
		List<Field> dataFields = new ArrayList<>();
		for (int c = 0; c < schema.size(); c++) {
			if (!partitions.contains(c)) {
				data.add(c);
				dataFields.add(schema.field(c));
			}
		}
		this.partitionIndexes = partitions.stream().mapToInt(Integer::intValue).toArray();
		this.dataIndexes = data.stream().mapToInt(Integer::intValue).toArray();
		this.dataSchema = new Schema(dataFields);
	}

	void write(Batch batch) {
		if (batch.rowCount() == 0) {
			return;
		}
		if (this.partitionIndexes.length == 0) {
			writer("").write(batch);
			this.rows += batch.rowCount();
			return;
		}
		Map<String, int[]> groups = new LinkedHashMap<>();
		Map<String, Integer> counts = new HashMap<>();
		for (int r = 0; r < batch.rowCount(); r++) {
			String folder = folder(batch, r);
			int[] rowsOf = groups.computeIfAbsent(folder, k -> new int[batch.rowCount()]);
			int n = counts.merge(folder, 1, Integer::sum);
			rowsOf[n - 1] = r;
		}
		ColumnVector[] data = new ColumnVector[this.dataIndexes.length];
		for (int i = 0; i < data.length; i++) {
			data[i] = batch.column(this.dataIndexes[i]);
		}
		Batch dataBatch = new Batch(data, batch.rowCount());
		for (Map.Entry<String, int[]> g : groups.entrySet()) {
			int n = counts.get(g.getKey());
			writer(g.getKey()).write(dataBatch.select(g.getValue(), n));
			this.rows += n;
		}
	}

	/** The folder of a row: {@code a=1/b=x}. */
	private String folder(Batch batch, int row) {
		StringBuilder sb = new StringBuilder();
		for (int p : this.partitionIndexes) {
			if (sb.length() > 0) {
				sb.append('/');
			}
			sb.append(PartitionDiscovery.escape(this.schema.field(p).name())).append('=');
			sb.append(valueName(batch.column(p), row));
		}
		return sb.toString();
	}

	/** Spark's {@code getPartitionValueString}: a value as a folder name holds it. */
	static String valueName(ColumnVector v, int row) {
		Object value = v.getObject(row);
		if (value == null) {
			return PartitionDiscovery.DEFAULT_PARTITION;
		}
		String text;
		if (value instanceof LocalDateTime t) {
			text = timestamp(t);
		}
		else if (v.type().isDecimal()) {
			text = ((java.math.BigDecimal) value).toPlainString();
		}
		else {
			text = value.toString();
		}
		return text.isEmpty() ? PartitionDiscovery.DEFAULT_PARTITION : PartitionDiscovery.escape(text);
	}

	private static String timestamp(LocalDateTime t) {
		StringBuilder sb = new StringBuilder(26);
		sb.append(t.toLocalDate()).append(' ');
		sb.append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
		int micros = t.getNano() / 1000;
		if (micros != 0) {
			String f = Integer.toString(micros + 1_000_000).substring(1);
			sb.append('.').append(f.replaceAll("0+$", ""));
		}
		return sb.toString();
	}

	private BatchWriter writer(String folder) {
		BatchWriter w = this.open.get(folder);
		if (w != null) {
			return w;
		}
		if (this.open.size() >= MAX_OPEN) {
			Map.Entry<String, BatchWriter> eldest = this.open.entrySet().iterator().next();
			eldest.getValue().close();
			this.open.remove(eldest.getKey());
		}
		int count = this.fileCounts.merge(folder, 1, Integer::sum) - 1;
		String name = String.format("part-%05d-%s-c%03d%s", this.target.partition(), this.target.jobId(), count,
				this.format.extension());
		String relative = folder.isEmpty() ? name : folder + "/" + name;
		OutputStream out;
		try {
			out = this.storage.create(Locations.join(this.target.staging(), relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + relative + ": " + this.storage.describe(ex), ex);
		}
		w = this.format.writer(out, relative,
				folder.isEmpty() && this.partitionIndexes.length == 0 ? this.schema : this.dataSchema, Map.of());
		this.open.put(folder, w);
		this.files.add(relative);
		return w;
	}

	/** Makes sure an unpartitioned task writes its file even with no rows. */
	void ensureFile() {
		if (this.partitionIndexes.length == 0 && this.files.isEmpty()) {
			writer("");
		}
	}

	/** The files written, relative to the staging folder. */
	List<String> files() {
		return List.copyOf(this.files);
	}

	long rows() {
		return this.rows;
	}

	@Override
	public void close() {
		RuntimeException failure = null;
		for (BatchWriter w : this.open.values()) {
			try {
				w.close();
			}
			catch (RuntimeException ex) {
				failure = failure == null ? ex : failure;
			}
		}
		this.open.clear();
		if (failure != null) {
			throw failure;
		}
	}

}
