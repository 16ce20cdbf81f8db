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

	@Test
	void listsItsOutputsHandsThemOverWholeAndTakesNoneOnceItLeaves() {
		BlockManager leaving = new BlockManager(100, this.spill);
		leaving.put("job", 1, 0, new byte[][] { bytes(80, (byte) 1), bytes(5, (byte) 2) });
		leaving.put("job", 1, 1, new byte[][] { bytes(70, (byte) 3), new byte[0] });
		BlockManager.OutputId spilled = new BlockManager.OutputId("job", 1, 1);

		assertThat(leaving.outputs()).containsExactlyInAnyOrder(new BlockManager.OutputId("job", 1, 0), spilled);
		assertThat(leaving.diskBytes()).as("the second output went to disk").isEqualTo(70);
		byte[][] read = leaving.blocks(spilled);
		assertThat(read[0]).isEqualTo(bytes(70, (byte) 3));
		assertThat(read[1]).isEmpty();

		BlockManager taking = new BlockManager();
		assertThat(taking.takeOver("job", 1, 1, leaving.blocks(spilled))).isTrue();
		assertThat(taking.get("job", 1, 1, 0)).isEqualTo(bytes(70, (byte) 3));
		leaving.closeIntake();
		assertThat(leaving.takeOver("job", 2, 0, new byte[][] { { 1 } })).isFalse();
		assertThat(leaving.get("job", 2, 0, 0)).isNull();
	}

	private static byte[] bytes(int n, byte value) {
		byte[] b = new byte[n];
		java.util.Arrays.fill(b, value);
		return b;
	}

}
