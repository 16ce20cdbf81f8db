package dev.kindling.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Shuffle blocks stay in memory up to the limit and spill to disk past it. */
class BlockManagerTest {

	@TempDir
	Path spill;

	@Test
	void spillsMapOutputPastTheMemoryLimitAndServesItFromDisk() throws IOException {
		BlockManager blocks = new BlockManager(100, this.spill);
		blocks.put("job", 0, 0, new byte[][] { new byte[60], new byte[20] });
		assertThat(blocks.diskBytes()).isZero();
		blocks.put("job", 0, 1, new byte[][] { bytes(50, (byte) 7), new byte[0] });
		assertThat(blocks.diskBytes()).isEqualTo(50);
		assertThat(blocks.bytes()).isEqualTo(130);
		assertThat(blocks.get("job", 0, 1, 0)).isEqualTo(bytes(50, (byte) 7));
		assertThat(blocks.get("job", 0, 1, 1)).isEmpty();
		assertThat(blocks.get("job", 0, 0, 0)).hasSize(60);
		assertThat(blocks.get("job", 0, 2, 0)).as("a map output this executor never had").isNull();
		blocks.dropJob("job");
		assertThat(blocks.bytes()).isZero();
		try (Stream<Path> files = Files.walk(this.spill)) {
			assertThat(files.filter(Files::isRegularFile)).as("spill files are deleted with the job").isEmpty();
		}
	}

	private static byte[] bytes(int n, byte value) {
		byte[] b = new byte[n];
		java.util.Arrays.fill(b, value);
		return b;
	}

}
