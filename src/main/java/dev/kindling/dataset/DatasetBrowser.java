package dev.kindling.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.engine.datasource.SourceFiles;
import dev.kindling.engine.datasource.SourceFiles.DataFile;
import dev.kindling.engine.datasource.Storages;
import dev.kindling.engine.datasource.formats.Formats;
import dev.kindling.engine.exec.OutputCommit;
import dev.kindling.engine.types.Field;
import dev.kindling.platform.BadRequest;
import dev.kindling.platform.DriverRole;
import dev.kindling.scheduler.WriteGuard;

/**
 * One dataset: a file, or a folder of part files (a job's output), shown with the files a
 * job reading it would read, downloaded, or deleted.
 */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "The files under the data root that jobs read")
@DriverRole
class DatasetBrowser {

	/** The most files a description names. */
	static final int MAX_FILES = 1000;

	/**
	 * A file a dataset's readers read.
	 *
	 * @param name its path relative to the data root
	 * @param sizeBytes its size
	 */
	record DataFileView(String name, long sizeBytes) {
	}

	/**
	 * A dataset described.
	 *
	 * @param name its path relative to the data root
	 * @param kind {@code file} or {@code folder}
	 * @param sizeBytes the bytes of the files a job reading it reads
	 * @param modifiedAt when it last changed
	 * @param format the format of its files by their extension ({@code csv},
	 * {@code json}, {@code parquet}), or null when they differ or have none
	 * @param committed for a folder, whether a job's write committed it
	 * ({@code _SUCCESS})
	 * @param fileCount how many files a job reading it reads
	 * @param files those files (at most {@value #MAX_FILES})
	 * @param partitionColumns the columns its {@code col=value} folders add
	 * @param schema its columns when its files say them ({@code parquet} footers), else
	 * null
	 */
	record DatasetView(String name, String kind, long sizeBytes, Instant modifiedAt, String format, Boolean committed,
			int fileCount, List<DataFileView> files, List<String> partitionColumns, List<Map<String, String>> schema) {
	}

	private final DataRoot root;

	private final Storages storages;

	private final WriteGuard writes;

	DatasetBrowser(DataRoot root, Storages storages, WriteGuard writes) {
		this.root = root;
		this.storages = storages;
		this.writes = writes;
	}

	@GetMapping("/{*name}")
	@Operation(summary = "Show or download a dataset",
			description = "A file or folder under the data root: the files a job reading it reads (as Spark lists "
					+ "them: names starting with '_' or '.' skipped), their size, the partition columns of its "
					+ "col=value folders, and its schema when the files carry one (Parquet). With download=true "
					+ "a file's bytes.")
	@ApiResponse(responseCode = "200", description = "The dataset described, or with download=true the file's bytes")
	@ApiResponse(responseCode = "400", description = "The name is refused, or download=true names a folder",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "404", description = "Nothing is there",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<?> show(@PathVariable String name, @RequestParam(defaultValue = "false") boolean download)
			throws IOException {
		String relative = relative(name);
		Path path = this.root.resolve(relative);
		if (!Files.exists(path)) {
			throw notFound(relative);
		}
		if (download) {
			if (!Files.isRegularFile(path)) {
				throw BadRequest.parameter("download",
						"'" + relative + "' is a folder; download its files one by one (they are listed here)");
			}
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment()
							.filename(path.getFileName().toString(), java.nio.charset.StandardCharsets.UTF_8)
							.build()
							.toString())
				.contentLength(Files.size(path))
				.body((Resource) new FileSystemResource(path));
		}
		boolean folder = Files.isDirectory(path);
		List<DataFile> files;
		List<String> partitions = List.of();
		if (folder) {
			SourceFiles.Listing listing;
			try {
				listing = SourceFiles.list(this.storages, relative);
			}
			catch (SourceFiles.SourceException ex) {
				listing = new SourceFiles.Listing(List.of(), List.of(), true);
			}
			files = listing.files();
			partitions = listing.partitionColumns().stream().map(Field::name).toList();
		}
		else {
			files = List
				.of(new DataFile(relative, Files.size(path), Files.getLastModifiedTime(path).toMillis(), List.of()));
		}
		long bytes = files.stream().mapToLong(DataFile::size).sum();
		long modified = files.stream()
			.mapToLong(DataFile::modifiedMillis)
			.max()
			.orElse(Files.getLastModifiedTime(path).toMillis());
		String format = format(files);
		List<DataFileView> shown = new ArrayList<>();
		for (DataFile f : files.subList(0, Math.min(MAX_FILES, files.size()))) {
			shown.add(new DataFileView(f.path(), f.size()));
		}
		return ResponseEntity.ok(new DatasetView(relative, folder ? "folder" : "file", bytes,
				Instant.ofEpochMilli(modified), format, folder ? OutputCommit.committed(this.storages, relative) : null,
				files.size(), shown, partitions, schema(format, files)));
	}

	@DeleteMapping("/{*name}")
	@Operation(summary = "Delete a dataset",
			description = "Removes a file, or a folder and everything in it. Refused (409) while a running job "
					+ "writes there.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "404", description = "Nothing is there",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409", description = "A running job writes there",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<Void> delete(@PathVariable String name) throws IOException {
		String relative = relative(name);
		Path path = this.root.resolve(relative);
		if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			throw notFound(relative);
		}
		String job = this.writes.writer(relative);
		if (job != null) {
			ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"running job " + job + " writes '" + relative + "'; wait for it to end or cancel it");
			detail.setTitle("Dataset in use");
			detail.setType(java.net.URI.create("https://kindling.dev/problems/dataset-in-use"));
			throw new ErrorResponseException(HttpStatus.CONFLICT, detail, null);
		}
		if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			this.storages.deleteFolder(relative);
		}
		else {
			this.storages.delete(relative);
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * The name as a path under the root, refused (400) when it leaves it or is the root.
	 */
	private String relative(String name) {
		String requested = name.startsWith("/") ? name.substring(1) : name;
		if (requested.isEmpty()) {
			throw BadRequest.parameter("name", "name a file or folder under the data root");
		}
		try {
			Path resolved = this.root.resolve(requested);
			String relative = this.root.root().relativize(resolved).toString().replace('\\', '/');
			if (relative.isEmpty()) {
				throw BadRequest.parameter("name", "name a file or folder under the data root");
			}
			return relative;
		}
		catch (DataRoot.PathRefusedException ex) {
			throw BadRequest.parameter("name", ex.getMessage());
		}
	}

	private static String format(List<DataFile> files) {
		String format = null;
		for (DataFile f : files) {
			String name = f.path().toLowerCase(Locale.ROOT);
			if (name.endsWith(".gz")) {
				name = name.substring(0, name.length() - 3);
			}
			int dot = name.lastIndexOf('.');
			String ext = dot < 0 ? "" : name.substring(dot + 1);
			String guess = switch (ext) {
				case "csv", "tsv", "txt" -> "csv";
				case "json", "jsonl", "ndjson" -> "json";
				case "parquet" -> "parquet";
				default -> null;
			};
			if (guess == null || (format != null && !format.equals(guess))) {
				return null;
			}
			format = guess;
		}
		return format;
	}

	/** The schema its files carry: a Parquet footer; CSV and JSON say none until read. */
	private List<Map<String, String>> schema(String format, List<DataFile> files) {
		if (!"parquet".equals(format) || files.isEmpty()) {
			return null;
		}
		try {
			return Formats.of(format)
				.schema(this.storages, files, Map.of())
				.fields()
				.stream()
				.map(f -> Map.of("name", f.name(), "type", f.type().sqlName()))
				.toList();
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static ErrorResponseException notFound(String relative) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"there is no dataset '" + relative + "' under the data root");
		detail.setTitle("Dataset not found");
		detail.setType(java.net.URI.create("https://kindling.dev/problems/dataset-not-found"));
		return new ErrorResponseException(HttpStatus.NOT_FOUND, detail, null);
	}

}
