package dev.kindling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code events.csv} for {@link FunctionsDifferentialTest}, written with a fixed-seed
 * {@link Random}: {@value #ROWS} rows of {@code id,grp,n,x,tag,ts,d} where
 * <ul>
 * <li>{@code grp} is skewed (70% {@code a}), 5% null, with a group of one row;
 * <li>{@code n} is an int with many ties and 8% nulls, for orders with ties;
 * <li>{@code x} is a double with negatives, zeros and nulls;
 * <li>{@code tag} is text for regular expressions ({@code AB-1234}, {@code x_9}, mixed
 * case, unicode, empty and null);
 * <li>{@code ts} a timestamp with microseconds between 1969 and 2031, 5% null;
 * <li>{@code d} a date, including month ends and leap days.
 * </ul>
 */
final class FunctionData {

	static final int ROWS = 4000;

	static final String SCHEMA = "id INT, grp STRING, n INT, x DOUBLE, tag STRING, ts TIMESTAMP, d DATE";

	private static final List<String> TAGS = List.of("AB-1234", "x_9", "Zulu 7", "ab-12", "Öl-77", "q", "HELLO world",
			"a1b2c3", "  padded  ", "Tromsø-3", "mixedCase-42", "end.", "semi;colon", "x");

	private FunctionData() {
	}

	static void write(Path root) {
		Random random = new Random(20260601L);
		StringBuilder out = new StringBuilder("id,grp,n,x,tag,ts,d\n");
		LocalDateTime base = LocalDateTime.of(1969, 1, 1, 0, 0);
		for (int id = 1; id <= ROWS; id++) {
			out.append(id).append(',');
			int g = random.nextInt(100);
			if (id == 17) {
				out.append("solo");
			}
			else if (g < 70) {
				out.append('a');
			}
			else if (g < 95) {
				out.append((char) ('b' + random.nextInt(4)));
			}
			out.append(',');
			if (random.nextInt(100) >= 8) {
				out.append(random.nextInt(25) - 5);
			}
			out.append(',');
			int xk = random.nextInt(100);
			if (xk < 5) {
				out.append("0.0");
			}
			else if (xk >= 10) {
				out.append(String.format(Locale.ROOT, "%.3f", (random.nextDouble() - 0.3) * 2000));
			}
			out.append(',');
			int tk = random.nextInt(100);
			if (tk < 3) {
				out.append("\"\"");
			}
			else if (tk >= 6) {
				String tag = TAGS.get(random.nextInt(TAGS.size()));
				out.append(tag.contains(";") || tag.contains(" ") ? "\"" + tag + "\"" : tag);
			}
			out.append(',');
			if (random.nextInt(100) >= 5) {
				long seconds = (long) (random.nextDouble() * 62L * 365 * 86400);
				LocalDateTime t = base.plusSeconds(seconds).plusNanos(random.nextInt(1_000_000) * 1000L);
				out.append(t.toLocalDate())
					.append(String.format(Locale.ROOT, " %02d:%02d:%02d.%06d", t.getHour(), t.getMinute(),
							t.getSecond(), t.getNano() / 1000));
			}
			out.append(',');
			LocalDate d = LocalDate.of(2000, 1, 31).plusMonths(random.nextInt(300));
			if (random.nextInt(3) == 0) {
				d = d.minusDays(random.nextInt(40));
			}
			out.append(d).append('\n');
		}
		try {
			Files.writeString(root.resolve("events.csv"), out.toString(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
