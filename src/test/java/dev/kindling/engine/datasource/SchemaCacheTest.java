package dev.kindling.engine.datasource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.types.Schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaCacheTest {

	private final AtomicInteger loads = new AtomicInteger();

	private final SchemaCache cache = new SchemaCache(2);

	private static DataFile file(String path, long size, long modified) {
		return new DataFile(path, size, modified, List.of());
	}

	private Schema read(List<DataFile> files, Map<String, Object> options) throws IOException {
		return this.cache.schema("csv", files, options, () -> {
			this.loads.incrementAndGet();
			return Schema.parse("a INT, b STRING");
		});
	}

	@Test
	void unchangedFilesAreReadOnceAndAChangedFileOrOptionIsReadAgain() throws IOException {
		List<DataFile> files = List.of(file("/d/a.csv", 10, 1000));
		Schema first = read(files, Map.of("header", true));
		assertThat(read(List.of(file("/d/a.csv", 10, 1000)), Map.of("header", true))).isSameAs(first);
		assertThat(this.loads).hasValue(1);

		read(List.of(file("/d/a.csv", 11, 1000)), Map.of("header", true));
		read(List.of(file("/d/a.csv", 10, 1001)), Map.of("header", true));
		read(List.of(file("/d/a.csv", 10, 1000), file("/d/b.csv", 5, 1000)), Map.of("header", true));
		assertThat(this.loads).hasValue(4);
		read(files, Map.of("header", false));
		assertThat(this.loads).hasValue(5);
	}

	@Test
	void theLeastRecentlyUsedSchemaGoesFirst() throws IOException {
		List<DataFile> a = List.of(file("/d/a.csv", 1, 1));
		List<DataFile> b = List.of(file("/d/b.csv", 1, 1));
		List<DataFile> c = List.of(file("/d/c.csv", 1, 1));
		read(a, Map.of());
		read(b, Map.of());
		read(a, Map.of());
		read(c, Map.of());
		assertThat(this.loads).hasValue(3);
		read(a, Map.of());
		assertThat(this.loads).as("a was used after b, so b went").hasValue(3);
		read(b, Map.of());
		assertThat(this.loads).hasValue(4);
	}

	@Test
	void aFailureIsNotKept() throws IOException {
		List<DataFile> files = List.of(file("/d/a.csv", 1, 1));
		assertThatThrownBy(() -> this.cache.schema("csv", files, Map.of(), () -> {
			throw new IOException("unreadable");
		})).hasMessage("unreadable");
		read(files, Map.of());
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void aVeryLargeListingIsReadEachTime() throws IOException {
		List<DataFile> files = new ArrayList<>();
		for (int i = 0; i <= SchemaCache.MAX_FILES; i++) {
			files.add(file("/d/part-" + i + ".csv", 1, 1));
		}
		read(files, Map.of());
		read(files, Map.of());
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void optionsAreCopiedSoALaterChangeDoesNotAlterTheKey() throws IOException {
		List<DataFile> files = List.of(file("/d/a.csv", 1, 1));
		Map<String, Object> options = new java.util.HashMap<>(Map.of("header", true));
		read(files, options);
		options.put("header", false);
		read(files, Map.of("header", true));
		assertThat(this.loads).hasValue(1);
		read(files, options);
		assertThat(this.loads).hasValue(2);
	}

}
