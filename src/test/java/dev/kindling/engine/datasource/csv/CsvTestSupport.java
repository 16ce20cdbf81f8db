package dev.kindling.engine.datasource.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.datasource.LocalStorage;
import dev.kindling.engine.storage.InputFile;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/** Writes small CSV files and reads them back as rows of plain objects. */
final class CsvTestSupport {

	private CsvTestSupport() {
	}

	static Path write(Path dir, String name, String content) {
		return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
	}

	static Path write(Path dir, String name, byte[] content) {
		try {
			return Files.write(dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The file as readers take it; opened on its first read, so a missing file fails in
	 * the reader, as a file deleted after planning does.
	 */
	static InputFile in(Path file) {
		return new InputFile() {

			private InputFile open;

			private InputFile file() throws IOException {
				if (this.open == null) {
					this.open = LocalStorage.open(file, file.getFileName().toString());
				}
				return this.open;
			}

			@Override
			public String name() {
				return file.getFileName().toString();
			}

			@Override
			public long length() throws IOException {
				return file().length();
			}

			@Override
			public int read(java.nio.ByteBuffer dst, long position) throws IOException {
				return file().read(dst, position);
			}

			@Override
			public void close() throws IOException {
				if (this.open != null) {
					this.open.close();
				}
			}

		};
	}

	/** A writer of a new file. */
	static CsvWriter writer(Path file, Schema schema, CsvOptions options) {
		try {
			return new CsvWriter(Files.newOutputStream(file), file.getFileName().toString(), schema, options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static int[] all(Schema schema) {
		return IntStream.range(0, schema.size()).toArray();
	}

	static List<List<Object>> read(Path file, CsvOptions options, Schema schema) {
		return read(file, whole(file), options, schema, all(schema));
	}

	static List<List<Object>> read(Path file, FileSplit split, CsvOptions options, Schema schema, int[] projection) {
		List<List<Object>> rows = new ArrayList<>();
		try (CsvReader reader = new CsvReader(in(file), split, options, schema, projection)) {
			for (Batch batch = reader.next(); batch != null; batch = reader.next()) {
				for (int r = 0; r < batch.rowCount(); r++) {
					rows.add(Arrays.asList(batch.row(r)));
				}
			}
		}
		return rows;
	}

	/** The rows of all splits, in split order. */
	static List<List<Object>> readSplits(Path file, List<FileSplit> splits, CsvOptions options, Schema schema) {
		List<List<Object>> rows = new ArrayList<>();
		for (FileSplit split : splits) {
			rows.addAll(read(file, split, options, schema, all(schema)));
		}
		return rows;
	}

	static FileSplit whole(Path file) {
		try {
			return new FileSplit(0, 0, Files.size(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Object> row(Object... values) {
		return Arrays.asList(values);
	}

}
