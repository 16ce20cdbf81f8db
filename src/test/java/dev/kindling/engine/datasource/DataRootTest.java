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

	@Test
	void normalizesNamesToNfcSoComposedAndDecomposedAreOneFile() {
		String composed = "caf\u00E9.csv";
		String decomposed = "cafe\u0301.csv";
		assertThat(composed).isNotEqualTo(decomposed);
		assertThat(this.root.resolve(decomposed)).isEqualTo(this.root.resolve(composed));
		assertThat(this.root.resolve("sub/" + decomposed).getFileName()).hasToString(composed);
		// Canonical singletons become their canonical character: the Kelvin sign is K.
		assertThat(this.root.resolve("\u212Aelvin.csv").getFileName()).hasToString("Kelvin.csv");
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil\u202Evsc.csv", "a\u202Ab.csv", "a\u2066b.csv", "a\u2069b.csv", "a\u200Eb.csv",
			"a\u200Fb.csv", "a\u061Cb.csv", "peo\u200Bple.csv", "people\u200C.csv", "people\u200D.csv",
			"\uFEFFpeople.csv", "a\u2060b.csv", "soft\u00ADhyphen.csv", "a\u180Eb.csv", "tag\uDB40\uDC41.csv",
			"a\u034Fb.csv", "a\uFE0Fb.csv", "a\u3164b.csv", "a\u115Fb.csv", "c1\u0085.csv", "c1\u009B.csv",
			"no\u00A0break.csv", "ideographic\u3000space.csv", "line\u2028sep.csv", "em\u2003space.csv",
			"private\uE000use.csv", "lone\uD800surrogate.csv", "people\uFF0Ecsv", "sub\uFF0Fpeople.csv",
			"sub\uFF3Cpeople.csv", "\uFF0E\uFF0E/outside/secret.csv", "x\uFF1A.csv", "\uFF50eople.csv",
			"people\u2024csv", "up\u2025/secret.csv", "people\uFE52csv", "\uFB01le.csv", "x\u00B2.csv", "\u2460.csv",
			"\uD835\uDC1Aeople.csv", "sub\u2215people.csv", "sub\u2044people.csv", "sub\u29F8people.csv",
			"sub\u2216people.csv", "people\u3002csv", "people\uFF61csv", "file\u2236///etc/passwd", "file\uA789x.csv" })
	void refusesInvisibleBidiAndLookAlikeCharacters(String path) {
		assertThatExceptionOfType(DataRoot.PathRefusedException.class).isThrownBy(() -> this.root.resolve(path))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("U+");
				// The message shows invisible characters escaped, never raw.
				ex.getMessage()
					.codePoints()
					.forEach((cp) -> assertThat(Character.getType(cp)).as("U+%04X", cp)
						.isNotIn((int) Character.FORMAT, (int) Character.CONTROL, (int) Character.SURROGATE,
								(int) Character.LINE_SEPARATOR));
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u6771\u4EAC.csv", "\u0645\u0644\u0641.csv", "\u0444\u0430\u0439\u043B.csv",
			"\u05E7\u05D5\u05D1\u05E5.csv", "\u0928\u092E\u0938\u094D\u0924\u0947.csv", "\uD55C\uAE00.csv",
			"\u30C7\u30FC\u30BF.csv", "\uFF83\uFF9E\uFF70\uFF80.csv", "na\u00EFve caf\u00E9.csv", "\u00B5s.csv",
			"\u20AC-prices.csv", "\uD83D\uDE00.csv", "l\u00B7l.csv", "a b.csv" })
	void acceptsLettersDigitsMarksAndSymbolsOfEveryScript(String path) {
		assertThat(this.root.resolve(path)).startsWithRaw(this.root.root());
	}

	@Test
	void refusesANameOver255BytesOfUtf8() {
		assertThat(this.root.resolve("a".repeat(255))).startsWithRaw(this.root.root());
		assertThat(this.root.resolve("\u6771".repeat(85))).startsWithRaw(this.root.root());
		assertThatExceptionOfType(DataRoot.PathRefusedException.class)
			.isThrownBy(() -> this.root.resolve("sub/" + "a".repeat(256) + "/x.csv"))
			.withMessageContaining("256 bytes");
		assertThatExceptionOfType(DataRoot.PathRefusedException.class)
			.isThrownBy(() -> this.root.resolve("\u6771".repeat(86)))
			.withMessageContaining("258 bytes");
	}

	@Test
	void refusesAPathThroughAFile() {
		assertThatExceptionOfType(DataRoot.PathRefusedException.class)
			.isThrownBy(() -> this.root.resolve("people.csv/x.csv"))
			.withMessage("path 'people.csv/x.csv' goes through 'people.csv', which is a file, not a folder");
		assertThatExceptionOfType(DataRoot.PathRefusedException.class)
			.isThrownBy(() -> this.root.resolve("sub/inner.csv/deeper/x.csv"))
			.withMessageContaining("'sub/inner.csv'");
	}

	@Test
	void scrubsTheRootOutOfMessages() {
		String root = this.root.root().toString();
		assertThat(this.root.scrub("cannot open " + root + "/sub/inner.csv: gone"))
			.isEqualTo("cannot open sub/inner.csv: gone");
		assertThat(this.root.scrub("cannot list " + root + ": denied")).isEqualTo("cannot list the data root: denied");
		assertThat(this.root.scrub("elsewhere " + root + "2/x")).isEqualTo("elsewhere " + root + "2/x");
		assertThat(this.root.scrub(null)).isNull();
	}

	@Test
	void describesIoErrorsWithRelativePaths() {
		Path file = this.root.root().resolve("people.csv/out");
		IOException notADirectory = new java.nio.file.FileSystemException(file.toString(), null, "Not a directory");
		assertThat(this.root.describe(notADirectory)).isEqualTo("people.csv/out: Not a directory");
		assertThat(this.root
			.describe(new java.nio.file.FileAlreadyExistsException(this.root.root().resolve("people.csv").toString())))
			.isEqualTo("people.csv: already exists");
		assertThat(this.root.describe(new java.nio.file.NoSuchFileException("/somewhere/else/x.csv")))
			.isEqualTo("x.csv: no such file or folder");
		assertThat(this.root.describe(new IOException("disk error under " + this.root.root() + "/sub")))
			.isEqualTo("disk error under sub");
	}

}
