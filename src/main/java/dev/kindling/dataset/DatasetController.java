package dev.kindling.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.engine.datasource.DataRoot;
import dev.kindling.platform.BadRequest;
import dev.kindling.platform.DriverRole;
import dev.kindling.platform.KindlingProperties;
import dev.kindling.platform.PayloadTooLarge;

/** List and upload the CSV files under the data root. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "The files under the data root that jobs read")
@DriverRole
class DatasetController {

	/**
	 * A file under the data root.
	 *
	 * @param name its path relative to the data root
	 * @param sizeBytes its size
	 * @param modifiedAt when it last changed
	 */
	record Dataset(String name, long sizeBytes, Instant modifiedAt) {
	}

	private final DataRoot root;

	private final long maxUpload;

	DatasetController(DataRoot root, KindlingProperties properties) {
		this.root = root;
		this.maxUpload = properties.limits().maxUploadSize().toBytes();
	}

	@GetMapping
	@Operation(summary = "List datasets", description = "Every file under the data root, by relative path.")
	List<Dataset> list() throws IOException {
		List<Dataset> out = new ArrayList<>();
		try (Stream<Path> files = Files.walk(this.root.root(), 8)) {
			for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
				Path rel = this.root.root().relativize(p);
				if (!readable(rel.toString())) {
					continue;
				}
				out.add(new Dataset(rel.toString().replace('\\', '/'), Files.size(p),
						Files.getLastModifiedTime(p).toInstant()));
			}
		}
		return out;
	}

	/**
	 * Hidden files and links that leave the root are not listed: a job could not read
	 * them.
	 */
	private boolean readable(String relative) {
		try {
			this.root.resolve(relative);
			return true;
		}
		catch (DataRoot.PathRefusedException ex) {
			return false;
		}
	}

	@PutMapping("/{*name}")
	@Operation(summary = "Upload a dataset",
			description = "Stores the request body as the file 'name' under the data root (replacing it). "
					+ "Send the CSV as the raw body: curl -X PUT --data-binary @people.csv "
					+ "-H 'Content-Type: text/csv' .../api/v1/datasets/people.csv")
	ResponseEntity<Dataset> upload(@PathVariable String name, HttpServletRequest request) throws IOException {
		String relative = name.startsWith("/") ? name.substring(1) : name;
		Path target;
		try {
			target = this.root.resolve(relative);
		}
		catch (DataRoot.PathRefusedException ex) {
			throw BadRequest.parameter("name", ex.getMessage());
		}
		if (Files.isDirectory(target)) {
			throw BadRequest.parameter("name", "'" + relative + "' is a folder");
		}
		if (request.getContentLengthLong() > this.maxUpload) {
			throw tooLarge();
		}
		Files.createDirectories(target.getParent());
		Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
		try {
			long written = 0;
			try (InputStream in = request.getInputStream(); OutputStream out = Files.newOutputStream(temp)) {
				byte[] buffer = new byte[64 * 1024];
				int n;
				while ((n = in.read(buffer)) > 0) {
					written += n;
					if (written > this.maxUpload) {
						throw tooLarge();
					}
					out.write(buffer, 0, n);
				}
			}
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temp);
		}
		Dataset dataset = new Dataset(relative, Files.size(target), Files.getLastModifiedTime(target).toInstant());
		return ResponseEntity.status(HttpStatus.CREATED).body(dataset);
	}

	private PayloadTooLarge tooLarge() {
		return PayloadTooLarge.of("kindling.limits.max-upload-size", this.maxUpload);
	}

}
