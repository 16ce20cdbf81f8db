package dev.kindling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import dev.kindling.DifferentialSupport.Check;
import dev.kindling.DifferentialSupport.Expected;
import dev.kindling.DifferentialSupport.Oracle;
import dev.kindling.DifferentialSupport.Oracles;
import dev.kindling.DifferentialSupport.Query;

import static dev.kindling.DifferentialSupport.events;
import static dev.kindling.DifferentialSupport.filter;
import static dev.kindling.DifferentialSupport.groupBy;
import static dev.kindling.DifferentialSupport.job;
import static dev.kindling.DifferentialSupport.people;
import static dev.kindling.DifferentialSupport.select;
import static dev.kindling.DifferentialSupport.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Differential tests of the function library (issue 18): every query runs as a job
 * through the real driver and its two local executors over HTTP, split in three, and
 * again as SQL in DuckDB (or H2 where DuckDB spells a function differently than Spark)
 * over the same CSV files. The SQL is written to mean what Spark means: where the
 * oracle's function differs (DuckDB's {@code dayofweek} counts from 0, its {@code concat}
 * skips nulls, its {@code regexp_replace} replaces once), the SQL says Spark's meaning in
 * the oracle's words, and casts to Spark's result types.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:fxdiff;DB_CLOSE_DELAY=-1", "kindling.shuffle.partitions=3",
				"kindling.limits.min-split-size=1B", "kindling.executor.sort-memory=16KB" })
class FunctionsDifferentialTest {

	private static final Path DATA = dataRoot();

	private static Oracles oracles;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dataRoot(DynamicPropertyRegistry registry) {
		registry.add("kindling.data.root", DATA::toString);
	}

	private static Path dataRoot() {
		try {
			Path root = Files.createTempDirectory("kindling-fxdiff");
			DifferentialData.writeAll(root);
			FunctionData.write(root);
			return root;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@BeforeAll
	static void loadOracles() throws SQLException {
		oracles = new Oracles(DATA);
	}

	@AfterAll
	static void cleanUp() throws Exception {
		if (oracles != null) {
			oracles.close();
		}
		FileSystemUtils.deleteRecursively(DATA);
	}

	static Stream<Query> queries() {
		List<Query> q = new ArrayList<>();
		strings(q);
		numbers(q);
		conditions(q);
		dates(q);
		aggregates(q);
		windows(q);
		unions(q);
		return q.stream();
	}

	private static void strings(List<Query> q) {
		q.add(duck("string-case-and-length", people(3),
				"SELECT id, upper(name) AS u, lower(city) AS l, CAST(length(name) AS INTEGER) AS len, "
						+ "reverse(name) AS r FROM people",
				select("id", "upper(name) AS u", "lower(city) AS l", "length(name) AS len", "reverse(name) AS r")));
		q.add(duck("string-substring-left-right", people(3),
				"SELECT id, substring(name, 2, 3) AS s, left(name, 4) AS l, right(city, 3) AS r, "
						+ "substring(city, 3) AS tail FROM people",
				select("id", "substring(name, 2, 3) AS s", "left(name, 4) AS l", "right(city, 3) AS r",
						"substr(city, 3) AS tail")));
		q.add(duck("string-trims", people(3),
				"SELECT id, trim(name) AS t, ltrim(name) AS lt, rtrim(name) AS rt FROM people WHERE name LIKE ' %'",
				filter("name LIKE ' %'"), select("id", "trim(name) AS t", "ltrim(name) AS lt", "rtrim(name) AS rt")));
		q.add(duck("string-pads", people(3),
				"SELECT id, lpad(city, 12, '*') AS lp, rpad(name, 15, '.-') AS rp, lpad(name, 3, 'x') AS cut "
						+ "FROM people",
				select("id", "lpad(city, 12, '*') AS lp", "rpad(name, 15, '.-') AS rp", "lpad(name, 3, 'x') AS cut")));
		q.add(duck("string-concat-and-concat-ws", people(3),
				"SELECT id, name || '/' || city AS c, concat_ws('-', name, city, CAST(age AS VARCHAR)) AS ws "
						+ "FROM people",
				select("id", "concat(name, '/', city) AS c", "concat_ws('-', name, city, age) AS ws")));
		q.add(duck("string-instr-and-locate", people(3),
				"SELECT id, CAST(instr(name, 'a') AS INTEGER) AS i, CAST(CASE WHEN name IS NULL THEN NULL "
						+ "WHEN strpos(substring(name, 3), 'e') > 0 THEN strpos(substring(name, 3), 'e') + 2 ELSE 0 END "
						+ "AS INTEGER) AS l FROM people",
				select("id", "instr(name, 'a') AS i", "locate('e', name, 3) AS l")));
		q.add(duck("string-replace-and-translate", people(3),
				"SELECT id, replace(name, 'a', 'AA') AS r, translate(city, 'oe', '0') AS t FROM people",
				select("id", "replace(name, 'a', 'AA') AS r", "translate(city, 'oe', '0') AS t")));
		q.add(duck("string-regexp-extract-and-replace", people(3),
				"SELECT id, regexp_extract(name, '([A-Z])[a-z]+ ([A-Z])', 2) AS e, "
						+ "regexp_replace(name, '[aeiou]', '_', 'g') AS r FROM people",
				select("id", "regexp_extract(name, '([A-Z])[a-z]+ ([A-Z])', 2) AS e",
						"regexp_replace(name, '[aeiou]', '_') AS r")));
		q.add(duck("string-rlike-filter", people(3),
				"SELECT id, name FROM people WHERE regexp_matches(name, '^[A-Z][a-z]+ [A-Z]\\.$') "
						+ "AND NOT regexp_matches(name, 'ri')",
				filter("name rlike '^[A-Z][a-z]+ [A-Z]\\\\.$' AND NOT name RLIKE 'ri'"), select("id", "name")));
		q.add(duck("string-regexp-count-and-substr", events(3),
				"SELECT id, CAST(length(regexp_extract_all(tag, '[0-9]')) AS INTEGER) AS digits, "
						+ "CASE WHEN regexp_matches(tag, '[A-Za-z]+') THEN regexp_extract(tag, '[A-Za-z]+') END AS word "
						+ "FROM events",
				select("id", "regexp_count(tag, '[0-9]') AS digits", "regexp_substr(tag, '[A-Za-z]+') AS word")));
		q.add(duck("string-repeat-split-part", people(3),
				"SELECT id, repeat(substring(name, 1, 2), 3) AS r, split_part(name, ' ', 2) AS p FROM people",
				select("id", "repeat(substring(name, 1, 2), 3) AS r", "split_part(name, ' ', 2) AS p")));
		q.add(duck("string-digests", people(3),
				"SELECT id, md5(name) AS m, sha256(name) AS s, sha1(city) AS s1, to_base64(encode(name)) AS b, "
						+ "hex(name) AS h FROM people",
				select("id", "md5(name) AS m", "sha2(name, 256) AS s", "sha1(city) AS s1", "base64(name) AS b",
						"hex(name) AS h")));
		q.add(duck("string-ascii-levenshtein", people(3),
				"SELECT id, CAST(ascii(name) AS INTEGER) AS a, CAST(levenshtein(name, city) AS INTEGER) AS lv "
						+ "FROM people WHERE name <> '' AND regexp_matches(name || city, '^[ -~]*$')",
				// DuckDB's levenshtein counts bytes, Spark's characters: ASCII text only
				filter("name <> '' AND concat(name, city) rlike '^[ -~]*$'"),
				select("id", "ascii(name) AS a", "levenshtein(name, city) AS lv")));
		q.add(duck("string-format-string", people(3),
				"SELECT id, printf('%05d|%.2f|%s', id, salary, name) AS f FROM people WHERE salary IS NOT NULL "
						+ "AND name IS NOT NULL",
				filter("salary IS NOT NULL AND name IS NOT NULL"),
				select("id", "format_string('%05d|%.2f|%s', id, salary, name) AS f")));
		q.add(duck("string-starts-ends-contains", people(3),
				"SELECT id, starts_with(name, 'K') AS s, ends_with(city, 'en') AS e, contains(name, 'a') AS c "
						+ "FROM people",
				select("id", "startswith(name, 'K') AS s", "endswith(city, 'en') AS e", "contains(name, 'a') AS c")));
		q.add(duck("string-octet-length", people(3),
				"SELECT id, CAST(strlen(name) AS INTEGER) AS o, CAST(strlen(name) * 8 AS INTEGER) AS b FROM people",
				select("id", "octet_length(name) AS o", "bit_length(name) AS b")));
	}

	private static void numbers(List<Query> q) {
		q.add(h2("number-round", people(3),
				"SELECT id, ROUND(salary / 7, 2) AS r, ROUND(CAST(age AS DOUBLE PRECISION) / 3, 0) AS r0 FROM people",
				select("id", "round(salary / 7, 2) AS r", "round(age / 3, 0) AS r0")));
		q.add(duck("number-abs-ceil-floor-sign", people(3),
				"SELECT id, abs(age - 50) AS a, CAST(ceil(salary / 1000) AS BIGINT) AS c, "
						+ "CAST(floor(salary / 1000) AS BIGINT) AS f, CAST(sign(age - 40) AS DOUBLE) AS s FROM people",
				select("id", "abs(age - 50) AS a", "ceil(salary / 1000) AS c", "floor(salary / 1000) AS f",
						"sign(age - 40) AS s")));
		q.add(duck("number-roots-logs-powers", people(3),
				"SELECT id, sqrt(salary) AS sq, ln(salary) AS l, log10(salary) AS l10, log2(age) AS l2, "
						+ "exp(age / 100.0) AS e, pow(age, 2) AS p, cbrt(age) AS cb FROM people",
				select("id", "sqrt(salary) AS sq", "ln(salary) AS l", "log10(salary) AS l10", "log2(age) AS l2",
						"exp(age / 100) AS e", "pow(age, 2) AS p", "cbrt(age) AS cb")));
		q.add(duck("number-log-null-at-and-below-zero", events(3),
				"SELECT id, CASE WHEN x > 0 THEN ln(x) END AS l, CASE WHEN x > 0 THEN log(2, x) END AS lb "
						+ "FROM events",
				select("id", "ln(x) AS l", "log(2, x) AS lb")));
		q.add(duck("number-mod-and-pmod", people(3),
				"SELECT id, (id - 1500) % 7 AS m, ((id - 1500) % 7 + 7) % 7 AS pm FROM people",
				select("id", "mod(id - 1500, 7) AS m", "pmod(id - 1500, 7) AS pm")));
		q.add(duck("number-greatest-least", people(3),
				"SELECT id, greatest(age, id % 90) AS g, least(age, id % 90, 50) AS l FROM people",
				select("id", "greatest(age, id % 90) AS g", "least(age, id % 90, 50) AS l")));
		q.add(duck("number-trigonometry", events(3),
				"SELECT id, sin(x) AS s, cos(x) AS c, atan2(x, n) AS a, degrees(atan(x)) AS d FROM events",
				select("id", "sin(x) AS s", "cos(x) AS c", "atan2(x, n) AS a", "degrees(atan(x)) AS d")));
	}

	private static void conditions(List<Query> q) {
		q.add(duck("null-coalesce-nvl-nvl2-nullif", people(3),
				"SELECT id, coalesce(city, name, 'none') AS c, coalesce(age, -1) AS a, "
						+ "CASE WHEN salary IS NOT NULL THEN 'paid' ELSE 'unpaid' END AS p, nullif(city, 'Oslo') AS n "
						+ "FROM people",
				select("id", "coalesce(city, name, 'none') AS c", "nvl(age, -1) AS a",
						"nvl2(salary, 'paid', 'unpaid') AS p", "nullif(city, 'Oslo') AS n")));
		q.add(duck("null-if-isnull-zeroifnull", people(3),
				"SELECT id, CASE WHEN age > 40 THEN 'old' ELSE 'young' END AS i, age IS NULL AS n, "
						+ "city IS NOT NULL AS nn, coalesce(age, 0) AS z FROM people",
				select("id", "if(age > 40, 'old', 'young') AS i", "isnull(age) AS n", "isnotnull(city) AS nn",
						"zeroifnull(age) AS z")));
		q.add(duck("null-guarded-remainder", events(3),
				"SELECT id, CASE WHEN n <> 0 THEN (CASE WHEN id % n < 0 THEN ((id % n) + n) % n ELSE id % n END) "
						+ "ELSE -1 END AS r FROM events",
				select("id", "CASE WHEN n <> 0 THEN pmod(id, n) ELSE -1 END AS r")));
	}

	private static void dates(List<Query> q) {
		q.add(duck("date-fields", people(3),
				"SELECT id, CAST(year(joined) AS INTEGER) AS y, CAST(quarter(joined) AS INTEGER) AS q, "
						+ "CAST(month(joined) AS INTEGER) AS m, CAST(day(joined) AS INTEGER) AS d, "
						+ "CAST(dayofweek(joined) + 1 AS INTEGER) AS dow, CAST(dayofyear(joined) AS INTEGER) AS doy, "
						+ "CAST(weekofyear(joined) AS INTEGER) AS w, CAST(isodow(joined) - 1 AS INTEGER) AS wd "
						+ "FROM people",
				select("id", "year(joined) AS y", "quarter(joined) AS q", "month(joined) AS m", "day(joined) AS d",
						"dayofweek(joined) AS dow", "dayofyear(joined) AS doy", "weekofyear(joined) AS w",
						"weekday(joined) AS wd")));
		q.add(duck("date-arithmetic", people(3),
				"SELECT id, joined + 30 AS a, joined - 7 AS s, CAST(joined - DATE '2010-01-01' AS INTEGER) AS dd, "
						+ "CAST(joined + INTERVAL 1 MONTH AS DATE) AS am, CAST(joined - INTERVAL 13 MONTH AS DATE) AS sm "
						+ "FROM people",
				select("id", "date_add(joined, 30) AS a", "date_sub(joined, 7) AS s",
						"datediff(joined, DATE '2010-01-01') AS dd", "add_months(joined, 1) AS am",
						"add_months(joined, -13) AS sm")));
		q.add(duck("date-month-ends-and-truncation", events(3),
				"SELECT id, last_day(d) AS ld, CAST(date_trunc('month', d) AS DATE) AS tm, "
						+ "CAST(date_trunc('year', d) AS DATE) AS ty, CAST(date_trunc('quarter', d) AS DATE) AS tq, "
						+ "CAST(date_trunc('week', d) AS DATE) AS tw FROM events",
				select("id", "last_day(d) AS ld", "trunc(d, 'MM') AS tm", "trunc(d, 'YEAR') AS ty",
						"trunc(d, 'quarter') AS tq", "trunc(d, 'week') AS tw")));
		q.add(duck("date-next-day-and-make-date", events(3),
				"SELECT id, CAST(d + CAST(((1 - isodow(d) + 6) % 7) + 1 AS INTEGER) AS DATE) AS nd, "
						+ "make_date(CAST(year(d) AS INTEGER), CAST(month(d) AS INTEGER), 1) AS first FROM events",
				select("id", "next_day(d, 'MO') AS nd", "make_date(year(d), month(d), 1) AS first")));
		q.add(duck("date-format-patterns", events(3),
				"SELECT id, strftime(d, '%Y/%m/%d %a') AS a, strftime(ts, '%d.%m.%y %H:%M:%S') AS b, "
						+ "strftime(ts, '%B %-d, %I %p') AS c FROM events",
				select("id", "date_format(d, 'yyyy/MM/dd EEE') AS a", "date_format(ts, 'dd.MM.yy HH:mm:ss') AS b",
						"date_format(ts, 'MMMM d, hh a') AS c")));
		q.add(duck("timestamp-fields-and-truncation", events(3),
				"SELECT id, CAST(hour(ts) AS INTEGER) AS h, CAST(minute(ts) AS INTEGER) AS mi, "
						+ "CAST(second(ts) AS INTEGER) AS s, date_trunc('hour', ts) AS th, date_trunc('day', ts) AS td, "
						+ "CAST(ts AS DATE) AS dt FROM events",
				select("id", "hour(ts) AS h", "minute(ts) AS mi", "second(ts) AS s", "date_trunc('HOUR', ts) AS th",
						"date_trunc('DD', ts) AS td", "to_date(ts) AS dt")));
		q.add(duck("timestamp-unix-times", events(3),
				"SELECT id, CAST(trunc(epoch_us(ts) / 1000000.0) AS BIGINT) AS u, CAST(epoch(d) AS BIGINT) AS ud, "
						+ "strftime(to_timestamp(id * 86399), '%Y-%m-%d %H:%M:%S') AS f FROM events",
				select("id", "unix_timestamp(ts) AS u", "unix_timestamp(d) AS ud", "from_unixtime(id * 86399) AS f")));
		q.add(duck("timestamp-parse-with-patterns", events(3),
				"SELECT id, CAST(strptime(strftime(ts, '%d/%m/%Y %H.%M'), '%d/%m/%Y %H.%M') AS TIMESTAMP) AS t, "
						+ "CAST(strftime(d, '%Y%m%d') AS VARCHAR) AS s FROM events",
				select("id", "to_timestamp(date_format(ts, 'dd/MM/yyyy HH.mm'), 'dd/MM/yyyy HH.mm') AS t",
						"date_format(to_date(date_format(d, 'yyyyMMdd'), 'yyyyMMdd'), 'yyyyMMdd') AS s")));
		q.add(duck("timestamp-from-text-as-cast", people(3),
				"SELECT id, CAST(CAST(joined AS VARCHAR) || ' 12:34:56' AS TIMESTAMP) AS t FROM people",
				select("id", "to_timestamp(concat(CAST(joined AS STRING), ' 12:34:56')) AS t")));
		q.add(duck("date-filter-current-date", people(3),
				"SELECT id FROM people WHERE joined < current_date AND year(joined) >= 2015",
				filter("joined < current_date() AND year(joined) >= 2015"), select("id")));
	}

	private static void aggregates(List<Query> q) {
		q.add(duck("aggregate-moments-by-city", people(3),
				"SELECT city, stddev_samp(salary) AS sd, stddev_pop(salary) AS sdp, var_samp(age) AS v, "
						+ "var_pop(age) AS vp, avg(age) AS mean FROM people GROUP BY city",
				groupBy(List.of("city"), "stddev(salary) AS sd", "stddev_pop(salary) AS sdp", "variance(age) AS v",
						"var_pop(age) AS vp", "mean(age) AS mean")));
		q.add(duck("aggregate-corr-covar-by-city", people(3),
				"SELECT city, corr(age, salary) AS c, covar_pop(age, salary) AS cp, covar_samp(age, salary) AS cs "
						+ "FROM people GROUP BY city",
				groupBy(List.of("city"), "corr(age, salary) AS c", "covar_pop(age, salary) AS cp",
						"covar_samp(age, salary) AS cs")));
		q.add(duck("aggregate-count-if-and-booleans", people(3),
				"SELECT city, CAST(count_if(age > 40) AS BIGINT) AS old, bool_and(age > 18) AS adults, bool_or(salary > 100000) AS rich "
						+ "FROM people GROUP BY city",
				groupBy(List.of("city"), "count_if(age > 40) AS old", "bool_and(age > 18) AS adults",
						"bool_or(salary > 100000) AS rich")));
		q.add(duck("aggregate-percentile-approx-is-nearest-rank", people(3),
				"SELECT city, max(CASE WHEN rn = CEIL(0.5 * cnt) THEN salary END) AS med, "
						+ "max(CASE WHEN rn = CEIL(0.9 * cnt) THEN salary END) AS p90 FROM (SELECT city, salary, "
						+ "row_number() OVER (PARTITION BY city ORDER BY salary) AS rn, count(*) OVER (PARTITION BY city) "
						+ "AS cnt FROM people WHERE salary IS NOT NULL) GROUP BY city",
				groupBy(List.of("city"), "percentile_approx(salary, 0.5) AS med",
						"approx_percentile(salary, 0.9, 10000) AS p90")));
		q.add(approx("aggregate-approx-count-distinct", people(3),
				"SELECT city, count(DISTINCT name) AS names, count(DISTINCT joined) AS days FROM people GROUP BY city",
				groupBy(List.of("city"), "approx_count_distinct(name) AS names",
						"approx_count_distinct(joined) AS days")));
		q.add(duck("aggregate-global-statistics", events(3),
				"SELECT stddev_samp(x) AS sd, corr(x, n) AS c, CAST(count_if(x > 0) AS BIGINT) AS pos, "
						+ "var_pop(n) AS vp FROM events",
				groupBy(List.of(), "stddev(x) AS sd", "corr(x, n) AS c", "count_if(x > 0) AS pos",
						"var_pop(n) AS vp")));
		q.add(duck("aggregate-functions-over-expressions", events(3),
				"SELECT grp, CAST(count(DISTINCT tag) AS BIGINT) AS tags, CAST(max(length(tag)) AS INTEGER) AS longest, "
						+ "CAST(sum(CASE WHEN regexp_matches(tag, '[0-9]') THEN 1 ELSE 0 END) AS BIGINT) AS numbered "
						+ "FROM events GROUP BY grp",
				groupBy(List.of("grp"), "count(DISTINCT tag) AS tags", "max(length(tag)) AS longest",
						"count_if(tag rlike '[0-9]') AS numbered")));
	}

	private static void windows(List<Query> q) {
		String city = "(PARTITION BY city ORDER BY age NULLS FIRST)";
		q.add(duck("window-ranking-with-ties", people(3),
				"SELECT id, CAST(rank() OVER " + city + " AS INTEGER) AS r, CAST(dense_rank() OVER " + city
						+ " AS INTEGER) AS dr, percent_rank() OVER " + city + " AS pr, cume_dist() OVER " + city
						+ " AS cd FROM people",
				select("id", "rank() OVER " + city + " AS r", "dense_rank() OVER " + city + " AS dr",
						"percent_rank() OVER " + city + " AS pr", "cume_dist() OVER " + city + " AS cd")));
		q.add(duck("window-top-three-per-city", people(3),
				"SELECT city, id, salary FROM (SELECT city, id, salary, row_number() OVER (PARTITION BY city "
						+ "ORDER BY salary DESC NULLS LAST, id) AS rn FROM people) WHERE rn <= 3",
				step("window", "partitionBy", List.of("city"), "orderBy", List.of("salary DESC NULLS LAST", "id"),
						"columns", List.of("row_number() AS rn")),
				filter("rn <= 3"), select("city", "id", "salary")));
		q.add(duck("window-lag-lead-with-defaults", events(3),
				"SELECT id, lag(x) OVER (PARTITION BY grp ORDER BY id) AS px, lead(n, 2, 0) OVER (PARTITION BY grp "
						+ "ORDER BY id) AS n2, lag(tag, 1, '-') OVER (ORDER BY id) AS pt FROM events",
				select("id", "lag(x) OVER (PARTITION BY grp ORDER BY id) AS px",
						"lead(n, 2, 0) OVER (PARTITION BY grp ORDER BY id) AS n2",
						"lag(tag, 1, '-') OVER (ORDER BY id) AS pt")));
		q.add(duck("window-ntile-and-nth-value", events(3),
				"SELECT id, CAST(ntile(4) OVER (PARTITION BY grp ORDER BY id) AS INTEGER) AS q, nth_value(n, 2) OVER "
						+ "(PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS second "
						+ "FROM events",
				select("id", "ntile(4) OVER (PARTITION BY grp ORDER BY id) AS q",
						"nth_value(n, 2) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND "
								+ "UNBOUNDED FOLLOWING) AS second")));
		q.add(duck("window-step-running-totals", events(3),
				"SELECT id, grp, n, x, tag, ts, d, sum(x) OVER w AS s, count(n) OVER w AS c FROM events "
						+ "WINDOW w AS (PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
				step("window", "partitionBy", List.of("grp"), "orderBy", List.of("id"), "columns",
						List.of("sum(x) AS s", "count(n) AS c"), "frame",
						"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW")));
		q.add(duck("window-moving-average-rows", events(3),
				"SELECT id, avg(x) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING) AS ma, "
						+ "max(n) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 4 FOLLOWING) AS ahead "
						+ "FROM events",
				select("id",
						"avg(x) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING) AS ma",
						"max(n) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 4 FOLLOWING) AS ahead")));
		q.add(duck("window-range-offsets-with-null-keys", events(3),
				"SELECT id, sum(x) OVER (PARTITION BY grp ORDER BY n NULLS FIRST RANGE BETWEEN 2 PRECEDING AND "
						+ "2 FOLLOWING) AS s, count(*) OVER (PARTITION BY grp ORDER BY n DESC NULLS LAST RANGE BETWEEN "
						+ "CURRENT ROW AND 3 FOLLOWING) AS c FROM events",
				select("id",
						"sum(x) OVER (PARTITION BY grp ORDER BY n NULLS FIRST RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING) "
								+ "AS s",
						"count(*) OVER (PARTITION BY grp ORDER BY n DESC NULLS LAST RANGE BETWEEN CURRENT ROW AND "
								+ "3 FOLLOWING) AS c")));
		q.add(duck("window-default-frame-includes-peers", people(3),
				"SELECT id, sum(salary) OVER " + city + " AS s, CAST(count(age) OVER " + city
						+ " AS BIGINT) AS c FROM people",
				select("id", "sum(salary) OVER " + city + " AS s", "count(age) OVER " + city + " AS c")));
		q.add(duck("window-whole-partition-statistics", events(3),
				"SELECT id, stddev_samp(x) OVER (PARTITION BY grp) AS sd, max(ts) OVER (PARTITION BY grp) AS latest, "
						+ "min(d) OVER () AS earliest FROM events",
				select("id", "stddev(x) OVER (PARTITION BY grp) AS sd", "max(ts) OVER (PARTITION BY grp) AS latest",
						"min(d) OVER () AS earliest")));
		q.add(duck("window-first-last-ignore-nulls", events(3),
				"SELECT id, first_value(n IGNORE NULLS) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED "
						+ "PRECEDING AND CURRENT ROW) AS f, last_value(tag IGNORE NULLS) OVER (PARTITION BY grp ORDER BY id "
						+ "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS l FROM events",
				select("id",
						"first_value(n) IGNORE NULLS OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED "
								+ "PRECEDING AND CURRENT ROW) AS f",
						"last_value(tag, true) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING "
								+ "AND CURRENT ROW) AS l")));
		q.add(duck("window-inside-with-column", events(3),
				"SELECT id, grp, n, x, tag, ts, d, x - avg(x) OVER (PARTITION BY grp) AS diff FROM events",
				step("withColumn", "name", "diff", "expression", "x - avg(x) OVER (PARTITION BY grp)")));
		q.add(duck("window-latest-row-per-key", events(3),
				"SELECT grp, id, ts FROM (SELECT grp, id, ts, row_number() OVER (PARTITION BY grp ORDER BY ts DESC "
						+ "NULLS LAST, id) AS rn FROM events) WHERE rn = 1",
				select("grp", "id", "ts", "row_number() OVER (PARTITION BY grp ORDER BY ts DESC NULLS LAST, id) AS rn"),
				filter("rn = 1"), select("grp", "id", "ts")));
		q.add(duck("window-over-function-keys", events(3),
				"SELECT id, CAST(rank() OVER (PARTITION BY year(d) ORDER BY length(tag) DESC NULLS LAST) AS INTEGER) "
						+ "AS r FROM events",
				select("id", "rank() OVER (PARTITION BY year(d) ORDER BY length(tag) DESC NULLS LAST) AS r")));
		q.add(duck("window-share-of-group", people(3),
				"SELECT id, salary / sum(salary) OVER (PARTITION BY city) AS share FROM people",
				select("id", "salary / sum(salary) OVER (PARTITION BY city) AS share")));
		q.add(duck("window-cume-dist-over-everything", events(3),
				"SELECT id, cume_dist() OVER (ORDER BY d) AS cd FROM events",
				select("id", "cume_dist() OVER (ORDER BY d) AS cd")));
		q.add(duck("window-gap-between-dates", events(3),
				"SELECT id, CAST(d - lag(d) OVER (PARTITION BY grp ORDER BY d, id) AS INTEGER) AS gap FROM events",
				select("id", "datediff(d, lag(d) OVER (PARTITION BY grp ORDER BY d, id)) AS gap")));
	}

	private static void unions(List<Query> q) {
		q.add(duck("union-by-position", people(3),
				"SELECT city, count(*) AS n FROM (SELECT * FROM people WHERE age < 25 UNION ALL SELECT * FROM people "
						+ "WHERE salary > 90000) GROUP BY city",
				filter("age < 25"),
				step("union", "right", Map.of("source", people(2), "pipeline", List.of(filter("salary > 90000")))),
				groupBy(List.of("city"), "count(*) AS n")));
		q.add(duck("union-by-name-missing-columns", people(3),
				"SELECT id, name, CAST(NULL AS VARCHAR) AS tag FROM people UNION ALL "
						+ "SELECT id, NULL, tag FROM events",
				select("id", "name"), step("unionByName", "allowMissingColumns", true, "right",
						Map.of("source", events(3), "pipeline", List.of(select("tag", "id"))))));
		q.add(duck("date-group-by-year-and-quarter", events(3),
				"SELECT CAST(year(d) AS INTEGER) AS y, CAST(quarter(d) AS INTEGER) AS q, count(*) AS n, max(ts) AS t "
						+ "FROM events GROUP BY 1, 2",
				groupBy(List.of("year(d) AS y", "quarter(d) AS q"), "count(*) AS n", "max(ts) AS t")));
		q.add(duck("string-group-by-lower-tag", events(3),
				"SELECT lower(tag) AS t, count(*) AS n, CAST(min(length(tag)) AS INTEGER) AS shortest FROM events "
						+ "GROUP BY 1",
				groupBy(List.of("lower(tag) AS t"), "count(*) AS n", "min(length(tag)) AS shortest")));
	}

	@SafeVarargs
	private static Query duck(String name, Map<String, Object> source, String sql, Map<String, Object>... steps) {
		return new Query(name, Oracle.DUCKDB, job(name, source, List.of(steps)), Check.ROWS, sql);
	}

	@SafeVarargs
	private static Query h2(String name, Map<String, Object> source, String sql, Map<String, Object>... steps) {
		return new Query(name, Oracle.H2, job(name, source, List.of(steps)), Check.ROWS, sql);
	}

	@SafeVarargs
	private static Query approx(String name, Map<String, Object> source, String sql, Map<String, Object>... steps) {
		return new Query(name, Oracle.DUCKDB, job(name, source, List.of(steps)), Check.APPROX, sql);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("queries")
	void kindlingAgreesWithTheOracle(Query query) throws Exception {
		Expected expected = oracles.ask(query.oracle(), query.sql());
		Map<String, Object> result = DifferentialSupport.run(this.port, query);
		List<String> problems = DifferentialSupport.compare(result, expected, query.check());
		if (!problems.isEmpty()) {
			fail(query.name() + " differs from " + query.oracle() + ":\n  " + String.join("\n  ", problems) + "\njob: "
					+ DifferentialSupport.JSON.writeValueAsString(query.job()) + "\nsql: " + query.sql());
		}
	}

	/** The queries whose pipeline has a SQL form (every one but unionByName's). */
	static Stream<Query> sqlQueries() {
		return queries().filter((q) -> PipelineSql.job(q.job()) != null)
			.map((q) -> new Query(q.name() + "-sql", q.oracle(), PipelineSql.job(q.job()), q.check(), q.sql()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("sqlQueries")
	void theSqlFormAgreesWithTheOracle(Query query) throws Exception {
		kindlingAgreesWithTheOracle(query);
	}

	@Test
	void almostEveryQueryHasASqlForm() {
		assertThat(sqlQueries().count()).isEqualTo(queries().count() - 1);
	}

	@Test
	void everyOracleQueryRunsAndSelectsRows() throws SQLException {
		List<String> problems = new ArrayList<>();
		for (Query query : queries().toList()) {
			try {
				if (oracles.ask(query.oracle(), query.sql()).rows().isEmpty()) {
					problems.add(query.name() + ": the oracle returns no row");
				}
			}
			catch (SQLException ex) {
				problems.add(query.name() + ": " + ex.getMessage());
			}
		}
		assertThat(problems).isEmpty();
		assertThat(queries().map(Query::name).distinct().count()).isEqualTo(queries().count());
	}

}
