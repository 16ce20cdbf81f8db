package dev.kindling.engine.datasource.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import dev.kindling.engine.datasource.FileSplit;
import dev.kindling.engine.types.Schema;
import dev.kindling.engine.vector.Batch;

/**
 * Throughput of the CSV reader on a generated people file (the bench's columns), with the
 * default options: every column converted, one numeric column, and no column (a count). A
 * command, not a test: run it after {@code ./mvnw -o test-compile} with
 * {@code java -cp target/classes:target/test-classes dev.kindling.engine.datasource.csv.CsvReadBench [rows]}.
 * The file is written once under {@code target/csv-bench/}. Prints the median wall time
 * of 7 timed runs after 3 warm-up runs, and the least CPU time of the reading thread
 * (steadier on a busy machine).
 */
public final class CsvReadBench {

	private static final Schema SCHEMA = Schema
		.parse("id BIGINT, name STRING, age INT, city STRING, salary DOUBLE, joined DATE");

	private CsvReadBench() {
	}

	public static void main(String[] args) throws IOException {
		int rows = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
		Path file = generate(rows);
		long size = Files.size(file);
		System.out.printf("%,d rows, %,d bytes, Java %s%n", rows, size, System.getProperty("java.version"));
		CsvOptions options = CsvOptions.fromMap(Map.of("header", true));
		measure("all six columns", file, size, options, new int[] { 0, 1, 2, 3, 4, 5 });
		measure("age only", file, size, options, new int[] { 2 });
		measure("no column (count)", file, size, options, new int[0]);
		CsvOptions quoted = CsvOptions.fromMap(Map.of("header", true, "escape", "\""));
		measure("all six columns, escape \"", file, size, quoted, new int[] { 0, 1, 2, 3, 4, 5 });
	}

	private static void measure(String name, Path file, long size, CsvOptions options, int[] projection) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long[] nanos = new long[10];
		long[] cpu = new long[nanos.length];
		long rows = 0;
		for (int run = 0; run < nanos.length; run++) {
			long t0 = System.nanoTime();
			long c0 = threads.getCurrentThreadCpuTime();
			rows = 0;
			try (CsvReader reader = new CsvReader(CsvTestSupport.in(file), new FileSplit(0, 0, size), options, SCHEMA,
					projection)) {
				for (Batch b = reader.next(); b != null; b = reader.next()) {
					rows += b.rowCount();
				}
			}
			nanos[run] = System.nanoTime() - t0;
			cpu[run] = threads.getCurrentThreadCpuTime() - c0;
		}
		long[] timed = Arrays.copyOfRange(nanos, 3, nanos.length);
		long[] timedCpu = Arrays.copyOfRange(cpu, 3, cpu.length);
		Arrays.sort(timed);
		Arrays.sort(timedCpu);
		double seconds = timed[timed.length / 2] / 1e9;
		double cpuSeconds = timedCpu[0] / 1e9;
		System.out.printf("%-32s %,12d rows %8.1f ms %8.1f MB/s, least CPU %8.1f ms %8.1f MB/s%n", name, rows,
				seconds * 1000, size / seconds / 1e6, cpuSeconds * 1000, size / cpuSeconds / 1e6);
	}

	private static Path generate(int rows) throws IOException {
		Path dir = Path.of("target", "csv-bench");
		Files.createDirectories(dir);
		Path file = dir.resolve("people-" + rows + ".csv");
		if (Files.exists(file)) {
			return file;
		}
		String[] cities = { "Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "\"Bodø, Nordland\"" };
		Random random = new Random(rows);
		try (BufferedWriter w = Files.newBufferedWriter(file)) {
			w.write("id,name,age,city,salary,joined\n");
			for (int i = 0; i < rows; i++) {
				w.write(Integer.toString(i));
				w.write(",Person ");
				w.write(Integer.toString(random.nextInt(100_000)));
				w.write(',');
				w.write(Integer.toString(18 + random.nextInt(62)));
				w.write(',');
				w.write(cities[random.nextInt(cities.length)]);
				w.write(',');
				w.write(Integer.toString(30_000 + random.nextInt(120_000)));
				w.write('.');
				w.write(Integer.toString(10 + random.nextInt(90)));
				w.write(",20");
				w.write(Integer.toString(10 + random.nextInt(15)));
				w.write("-0");
				w.write(Integer.toString(1 + random.nextInt(9)));
				w.write("-1");
				w.write(Integer.toString(random.nextInt(10)));
				w.write('\n');
			}
		}
		return file;
	}

}
