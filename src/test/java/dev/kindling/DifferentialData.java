package dev.kindling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic CSV files for {@link DifferentialTest}, written with a fixed-seed
 * {@link Random} so that every run (and every failure report) sees the same bytes.
 *
 * <ul>
 * <li>{@code people.csv}: {@value #PEOPLE_ROWS} rows of
 * {@code id,name,age,city,salary,joined} with unquoted empty fields (null), quoted empty
 * fields (null too, as Spark reads them with the default {@code nullValue}), quoted
 * fields holding separators and doubled quotes (RFC 4180, read with {@code escape}
 * {@code "}), non-ASCII text, and a skewed city (60% of the rows are Oslo)
 * <li>{@code cities.csv}: the join partner; some people's cities are missing from it and
 * it has one city no person lives in
 * <li>{@code empty.csv}: the people header and no row
 * <li>{@code one.csv}: the people header and one row
 * <li>{@code crlf.csv}: the first {@value #CRLF_ROWS} people rows with Windows line ends
 * <li>{@code amounts.csv}: decimals written with different scales ({@code 1.5},
 * {@code 1.50})
 * <li>{@code notes.csv}: {@code ;}-separated, {@code NA} for null, quoted fields spanning
 * lines
 * <li>{@code odd.csv}: header names that need backticks
 * <li>{@code sales.csv}: {@value #SALES_ROWS} rows shaped like TPC-H's lineitem, whose
 * quantities, prices, discounts and taxes are {@code decimal(15,2)}, with a
 * {@code decimal(38,10)} column whose values pass a long, and nulls
 * </ul>
 */
final class DifferentialData {

	static final int PEOPLE_ROWS = 3000;

	static final String PEOPLE_HEADER = "id,name,age,city,salary,joined";

	static final String PEOPLE_SCHEMA = "id INT, name STRING, age INT, city STRING, salary DOUBLE, joined DATE";

	static final int CRLF_ROWS = 200;

	static final int SALES_ROWS = 4000;

	static final String SALES_SCHEMA = "id INT, flag STRING, status STRING, qty DECIMAL(15,2), "
			+ "price DECIMAL(15,2), disc DECIMAL(15,2), tax DECIMAL(15,2), big DECIMAL(38,10)";

	static final String CITIES_SCHEMA = "city STRING, region STRING, population INT";

	private static final List<String> FIRST = List.of("Kari", "Ola", "Siri", "Ben", "Åse", "Øystein", "Zoë", "Nora",
			"Emil", "Ingrid", "Jonas", "Liv");

	private static final List<String> LAST = List.of("Berg", "Dahl", "Hansen", "Lie", "Næss", "Strand", "Vik");

	/**
	 * Every city but Oslo, which takes 60% of the rows; Kristiansand, Ålesund and Hamar
	 * have no cities.csv row.
	 */
	private static final List<String> OTHER_CITIES = List.of("Bergen", "Trondheim", "Stavanger", "Tromsø", "Drammen",
			"Kristiansand", "Ålesund", "Bodø, Nordland", "Hamar");

	private DifferentialData() {
	}

	/** Writes every file into {@code root}. */
	static void writeAll(Path root) {
		String people = people(new Random(20260531L));
		write(root.resolve("people.csv"), people);
		List<String> lines = people.lines().limit(CRLF_ROWS + 1).toList();
		write(root.resolve("crlf.csv"), String.join("\r\n", lines) + "\r\n");
		write(root.resolve("amounts.csv"), """
				id,amount
				1,1.5
				2,1.50
				3,1.500
				4,2
				5,2.0
				6,-0.25
				7,
				8,"3.125"
				9,-0.250
				""");
		write(root.resolve("notes.csv"), """
				id;note;score
				1;"line one
				line two";3.5
				2;NA;NA
				3;"semi; colon";-1
				4;"";2
				5;plain;
				6;"say ""hi""
				twice";0.25
				""");
		write(root.resolve("odd.csv"), """
				order id,Total $,when
				1,10.5,2024-01-31
				2,,2024-02-29
				3,7,
				4,-2.25,2023-12-31
				""");
		write(root.resolve("cities.csv"), """
				city,region,population
				Oslo,Østlandet,709000
				Bergen,Vestlandet,291000
				Trondheim,Trøndelag,212000
				Stavanger,Vestlandet,146000
				Tromsø,Nord-Norge,78000
				Drammen,Østlandet,103000
				"Bodø, Nordland",Nord-Norge,53000
				Lillehammer,,28000
				""");
		write(root.resolve("empty.csv"), PEOPLE_HEADER + "\n");
		write(root.resolve("sales.csv"), sales(new Random(20260601L)));
		write(root.resolve("one.csv"), PEOPLE_HEADER + "\n7,\"Solo, \"\"Han\"\"\",41,Bergen,123456.78,2021-03-04\n");
	}

	private static String people(Random random) {
		StringBuilder out = new StringBuilder(PEOPLE_HEADER).append('\n');
		LocalDate epoch = LocalDate.of(2005, 1, 1);
		for (int id = 1; id <= PEOPLE_ROWS; id++) {
			out.append(id).append(',');
			out.append(name(random)).append(',');
			if (random.nextInt(100) >= 4) {
				out.append(18 + random.nextInt(62));
			}
			out.append(',');
			out.append(city(random)).append(',');
			if (random.nextInt(100) >= 4) {
				out.append(String.format(Locale.ROOT, "%.2f", 30000 + random.nextInt(12_000_000) / 100.0));
			}
			out.append(',');
			if (random.nextInt(100) >= 3) {
				out.append(epoch.plusDays(random.nextInt(7300)));
			}
			out.append('\n');
		}
		return out.toString();
	}

	private static String sales(Random random) {
		StringBuilder out = new StringBuilder("id,flag,status,qty,price,disc,tax,big\n");
		for (int id = 1; id <= SALES_ROWS; id++) {
			out.append(id).append(',');
			out.append("ANR".charAt(random.nextInt(3))).append(',');
			out.append("FO".charAt(random.nextInt(2))).append(',');
			out.append(1 + random.nextInt(50)).append(".00,");
			if (random.nextInt(100) >= 3) {
				out.append(new java.math.BigDecimal(BigInteger.valueOf(90_000 + random.nextInt(10_405_000)), 2));
			}
			out.append(',');
			out.append(new java.math.BigDecimal(BigInteger.valueOf(random.nextInt(11)), 2)).append(',');
			out.append(new java.math.BigDecimal(BigInteger.valueOf(random.nextInt(9)), 2)).append(',');
			if (random.nextInt(100) >= 5) {
				// up to 21 integer digits: too wide for a long, and their sums fit 38
				// digits
				BigInteger unscaled = new BigInteger(100, random);
				out.append(new java.math.BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), 10));
			}
			out.append('\n');
		}
		return out.toString();
	}

	private static String name(Random random) {
		String first = FIRST.get(random.nextInt(FIRST.size()));
		String last = LAST.get(random.nextInt(LAST.size()));
		int kind = random.nextInt(100);
		if (kind < 3) {
			return ""; // null
		}
		if (kind < 4) {
			return "\"\""; // quoted empty: null, as in Spark
		}
		if (kind < 9) {
			return "\"" + last + ", " + first + "\"";
		}
		if (kind < 12) {
			return "\"" + first + " \"\"" + first.substring(0, 1) + last.substring(0, 1) + "\"\" " + last + "\"";
		}
		if (kind < 13) {
			return " " + first + " "; // unquoted spaces are kept, as in Spark
		}
		return first + " " + last.charAt(0) + ".";
	}

	private static String city(Random random) {
		int kind = random.nextInt(100);
		if (kind < 60) {
			return "Oslo";
		}
		if (kind < 65) {
			return ""; // null
		}
		if (kind < 66) {
			return "\"\""; // quoted empty: null, as in Spark
		}
		String city = OTHER_CITIES.get(random.nextInt(OTHER_CITIES.size()));
		return city.contains(",") ? "\"" + city + "\"" : city;
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
