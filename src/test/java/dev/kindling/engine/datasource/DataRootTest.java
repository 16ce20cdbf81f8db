package dev.kindling.engine.datasource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DataRootTest {

	@TempDir
	Path temp;

	Path outside;

	DataRoot root;

	@BeforeEach
	void setUp() throws IOException {
		Path dir = Files.createDirectories(this.temp.resolve("root"));
		this.outside = Files.createDirectories(this.temp.resolve("outside"));
		Files.writeString(this.outside.resolve("secret.csv"), "password\nhunter2\n");
		Files.writeString(dir.resolve("people.csv"), "name\nada\n");
		Files.createDirectories(dir.resolve("sub"));
		Files.writeString(dir.resolve("sub/inner.csv"), "x\n1\n");
		this.root = new DataRoot(dir);
	}

	@ParameterizedTest
	@ValueSource(strings = { "people.csv", "sub/inner.csv", "./people.csv", "sub//inner.csv", "new/file.csv",
			"out/part", "name with spaces.csv", "ünïcødé.csv" })
	void resolvesPathsUnderTheRoot(String path) {
		assertThat(this.root.resolve(path)).startsWithRaw(this.root.root());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/etc/passwd", "\\etc\\passwd", "~/secret.csv", "~root/x", "../outside/secret.csv",
			"sub/../../outside/secret.csv", "sub/..", "..", "a/b/../../..", "%2e%2e/outside/secret.csv",
			"%2E%2E%2Foutside", "..%2fsecret.csv", "%252e%252e/secret.csv", "sub%5c..%5c..", "..\\outside\\secret.csv",
			"file:///etc/passwd", "http://example.com/x.csv", "s3://bucket/x.csv", "hdfs://nn/x", "jar:file:/x!/y",
			"C:\\Windows\\win.ini", "c:/windows/win.ini", "//server/share/x.csv", "people.csv\u0000.txt",
			"people\n.csv", ".hidden.csv", "sub/.upload-123.tmp", ".kindling/db.mv.db", "", "   " })
	void refusesPathsThatLeaveTheRootOrMeanSomethingElse(String path) {
		assertThatExceptionOfType(DataRoot.PathRefusedException.class).isThrownBy(() -> this.root.resolve(path))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(this.root.root().toString()));
	}

	@Test
	void refusesAPathLongerThanTheLimit() {
		assertThatExceptionOfType(DataRoot.PathRefusedException.class)
			.isThrownBy(() -> this.root.resolve("a/".repeat(DataRoot.MAX_PATH_LENGTH) + "x.csv"))
			.withMessageContaining("characters long");
	}

	@Test
	void refusesASymlinkToAFileOutsideTheRoot() throws IOException {
		Files.createSymbolicLink(this.root.root().resolve("escape.csv"), this.outside.resolve("secret.csv"));
		assertThatExceptionOfType(DataRoot.PathRefusedException.class).isThrownBy(() -> this.root.resolve("escape.csv"))
			.withMessageContaining("through a link");
	}

	@Test
	void refusesAFolderSymlinkOutsideTheRootForReadsAndForWrites() throws IOException {
		Files.createSymbolicLink(this.root.root().resolve("elsewhere"), this.outside);
		assertThatExceptionOfType(DataRoot.PathRefusedException.class)
			.isThrownBy(() -> this.root.resolve("elsewhere/secret.csv"));
		// A write into a file that does not exist yet, below the link, is refused too.
		assertThatExceptionOfType(DataRoot.PathRefusedException.class)
			.isThrownBy(() -> this.root.resolve("elsewhere/new/part-00000.csv"));
	}

	@Test
	void refusesADanglingSymlink() throws IOException {
		Files.createSymbolicLink(this.root.root().resolve("later.csv"), this.outside.resolve("not-yet.csv"));
		assertThatExceptionOfType(DataRoot.PathRefusedException.class).isThrownBy(() -> this.root.resolve("later.csv"));
	}

	@Test
	void followsASymlinkThatStaysInsideTheRoot() throws IOException {
		Files.createSymbolicLink(this.root.root().resolve("alias.csv"), this.root.root().resolve("people.csv"));
		assertThat(this.root.resolve("alias.csv")).startsWithRaw(this.root.root());
	}

	@Test
	void refusesADeviceReachedThroughALink() throws IOException {
		Path dev = Path.of("/dev/null");
		assumeTrue(Files.exists(dev));
		Files.createSymbolicLink(this.root.root().resolve("null.csv"), dev);
		assertThatExceptionOfType(DataRoot.PathRefusedException.class).isThrownBy(() -> this.root.resolve("null.csv"));
	}

	@Test
	void refusesAFifoInsideTheRoot() throws Exception {
		Path fifo = this.root.root().resolve("pipe.csv");
		Process mkfifo;
		try {
			mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
		}
		catch (IOException ex) {
			assumeTrue(false, "mkfifo is not available");
			return;
		}
		assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo));
		assertThatExceptionOfType(DataRoot.PathRefusedException.class).isThrownBy(() -> this.root.resolve("pipe.csv"))
			.withMessageContaining("not a regular file");
	}

}
