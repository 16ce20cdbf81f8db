package dev.kindling.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.platform.BadRequest;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.platform.Page;
import dev.kindling.platform.PayloadTooLarge;

/** List and upload the CSV files under the data root. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "The files under the data root that jobs read")
@DriverRole
class DatasetController {

	/**
	 * A file or a folder under the data root.
	 *
	 * @param name its path relative to the data root
	 * @param kind {@code file} or {@code folder}
	 * @param sizeBytes its size; for a folder, the size of the files listed under it
	 * @param modifiedAt when it last changed; for a folder, its latest file
	 */
	record Dataset(String name, String kind, long sizeBytes, Instant modifiedAt) {

		static Dataset file(String name, long sizeBytes, Instant modifiedAt) {
			return new Dataset(name, "file", sizeBytes, modifiedAt);
		}

	}

	private final DataRoot root;

	private final DataUsage usage;

	private final long maxUpload;

	DatasetController(DataRoot root, DataUsage usage, KindlingProperties properties) {
		this.root = root;
		this.usage = usage;
		this.maxUpload = properties.limits().maxUploadSize().toBytes();
	}

	@GetMapping
	@Operation(summary = "List datasets",
			description = "Every file under the data root, by relative path, and every folder holding one "
					+ "(kind 'folder', with the size of the files under it): a folder is a dataset too, "
					+ "as a job's write output or a folder of part files. Paged (page, size: default 100); "
					+ "GET /datasets/{name} shows one.")
	Page<Dataset> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size)
			throws IOException {
		Page.check(page, size);
		return Page.of(all(), page, size);
	}

	private List<Dataset> all() throws IOException {
		List<Dataset> out = new ArrayList<>();
		java.util.Map<String, long[]> folders = new java.util.TreeMap<>();
		try (Stream<Path> files = Files.walk(this.root.root(), 8)) {
			for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
				Path rel = this.root.root().relativize(p);
				if (!readable(rel.toString(), p)) {
					continue;
				}
				String name = rel.toString().replace('\\', '/');
				long size = Files.size(p);
				long modified = Files.getLastModifiedTime(p).toMillis();
				out.add(Dataset.file(name, size, Instant.ofEpochMilli(modified)));
				for (int slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
					long[] folder = folders.computeIfAbsent(name.substring(0, slash), k -> new long[2]);
					folder[0] += size;
					folder[1] = Math.max(folder[1], modified);
				}
			}
		}
		folders.forEach((name, f) -> out.add(new Dataset(name, "folder", f[0], Instant.ofEpochMilli(f[1]))));
		out.sort(java.util.Comparator.comparing(Dataset::name));
		return out;
	}

	/**
	 * Hidden files, links that leave the root and names a job could not use (not in NFC,
	 * with invisible or look-alike characters) are not listed: a job could not read them
	 * by that name.
	 */
	private boolean readable(String relative, Path file) {
		try {
			return this.root.resolve(relative).equals(file);
		}
		catch (DataRoot.PathRefusedException ex) {
			return false;
		}
	}

	@PutMapping("/{*name}")
	@Operation(summary = "Upload a dataset",
			description = "Stores the request body as the file 'name' under the data root: 201 when it creates "
					+ "the file, 200 when it replaces it. "
					+ "Send the CSV as the raw body: curl -X PUT --data-binary @people.csv "
					+ "-H 'Content-Type: text/csv' .../api/v1/datasets/people.csv. The name is stored in Unicode "
					+ "NFC; names with invisible, bidi or look-alike characters are refused.")
	@ApiResponse(responseCode = "201", description = "Stored as a new file")
	@ApiResponse(responseCode = "200", description = "Stored, replacing the file")
	@ApiResponse(responseCode = "400", description = "The name is refused; the problem says why",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The body is over kindling.limits.max-upload-size",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "507",
			description = "The data root has no room: kindling.data.max-total-size, or its disk, is full",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<Dataset> upload(@PathVariable String name, HttpServletRequest request) throws IOException {
		String requested = name.startsWith("/") ? name.substring(1) : name;
		Path target;
		try {
			target = this.root.resolve(requested);
		}
		catch (DataRoot.PathRefusedException ex) {
			throw BadRequest.parameter("name", ex.getMessage());
		}
		String relative = this.root.root().relativize(target).toString();
		if (Files.isDirectory(target)) {
			throw BadRequest.parameter("name", "'" + relative + "' is a folder");
		}
		long declared = request.getContentLengthLong();
		if (declared > this.maxUpload) {
			throw tooLarge();
		}
		Room room = room(target);
		if (declared > room.bytes()) {
			throw InsufficientStorage.quota(this.usage.quota(), room.used(), declared);
		}
		long usable = Files.getFileStore(this.root.root()).getUsableSpace();
		if (declared > usable) {
			throw InsufficientStorage.disk(usable);
		}
		Path folder = target.getParent();
		Path created = firstMissing(folder);
		Path temp = null;
		boolean stored = false;
		boolean replaced;
		try {
			temp = createPartial(folder);
			long written = receive(request, temp, room);
			replaced = commit(temp, target, written);
			stored = true;
		}
		finally {
			if (temp != null) {
				Files.deleteIfExists(temp);
			}
			if (!stored) {
				removeEmptyFolders(folder, created);
			}
		}
		Dataset dataset = Dataset.file(relative, Files.size(target), Files.getLastModifiedTime(target).toInstant());
		return ResponseEntity.status(replaced ? HttpStatus.OK : HttpStatus.CREATED).body(dataset);
	}

	/**
	 * How many bytes an upload to {@code target} may take under the quota: the quota less
	 * what the root holds, not counting the file the upload replaces.
	 */
	private Room room(Path target) throws IOException {
		if (!this.usage.limited()) {
			return new Room(0, Long.MAX_VALUE);
		}
		long used = this.usage.used() - (Files.isRegularFile(target) ? Files.size(target) : 0);
		return new Room(used, this.usage.quota() - used);
	}

	/**
	 * @param used bytes already stored, the replaced file left out
	 * @param bytes bytes the upload may take
	 */
	private record Room(long used, long bytes) {
	}

	/** The temporary file beside the target, creating the target's folders. */
	private Path createPartial(Path folder) throws IOException {
		try {
			Files.createDirectories(folder);
			return Files.createTempFile(folder, DataUsage.PARTIAL_PREFIX, ".tmp");
		}
		catch (NoSuchFileException ex) {
			// A concurrent failed upload removed the folder it had created for both.
			Files.createDirectories(folder);
			return Files.createTempFile(folder, DataUsage.PARTIAL_PREFIX, ".tmp");
		}
		catch (FileSystemException ex) {
			throw BadRequest.parameter("name", "cannot store the dataset there: " + this.root.describe(ex));
		}
	}

	/** Streams the body into {@code temp}, within the upload limit and the room left. */
	private long receive(HttpServletRequest request, Path temp, Room room) throws IOException {
		long written = 0;
		try (InputStream in = request.getInputStream(); OutputStream out = Files.newOutputStream(temp)) {
			byte[] buffer = new byte[64 * 1024];
			int n;
			while ((n = in.read(buffer)) > 0) {
				written += n;
				if (written > this.maxUpload) {
					throw tooLarge();
				}
				if (written > room.bytes()) {
					throw InsufficientStorage.quota(this.usage.quota(), room.used(), written);
				}
				try {
					out.write(buffer, 0, n);
				}
				catch (IOException ex) {
					throw diskFullOr(ex);
				}
			}
		}
		return written;
	}

	/**
	 * Moves the upload into place; with a quota, counts the root again first while no
	 * other upload commits, so concurrent uploads that each fit alone never pass it
	 * together. Whether it replaced a file.
	 */
	private boolean commit(Path temp, Path target, long written) throws IOException {
		return this.usage.committing(() -> {
			if (this.usage.limited()) {
				Room room = room(target);
				if (written > room.bytes()) {
					throw InsufficientStorage.quota(this.usage.quota(), room.used(), written);
				}
			}
			boolean replaces = Files.isRegularFile(target);
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return replaces;
		});
	}

	/** A write that failed on a full disk is a 507; anything else stays an I/O error. */
	private IOException diskFullOr(IOException ex) throws IOException {
		long usable = Files.getFileStore(this.root.root()).getUsableSpace();
		if (usable < 1024 * 1024) {
			throw InsufficientStorage.disk(usable);
		}
		return ex;
	}

	/** The outermost folder of {@code folder} that does not exist yet, or null. */
	private static Path firstMissing(Path folder) {
		Path missing = null;
		for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
			missing = p;
		}
		return missing;
	}

	/**
	 * Removes the folders a failed upload created, from {@code folder} up to
	 * {@code created}, while they are empty.
	 */
	private void removeEmptyFolders(Path folder, Path created) {
		if (created == null) {
			return;
		}
		for (Path p = folder; p != null && p.startsWith(created) && !p.equals(this.root.root()); p = p.getParent()) {
			try {
				Files.deleteIfExists(p);
			}
			catch (IOException ex) {
				// Not empty (another upload uses it) or gone: leave it.
				return;
			}
		}
	}

	private PayloadTooLarge tooLarge() {
		return PayloadTooLarge.of("kindling.limits.max-upload-size", this.maxUpload);
	}

}
