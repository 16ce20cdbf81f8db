package dev.kindling.job;

/**
 * The example jobs Swagger UI offers for {@code POST /api/v1/jobs} (each one plans:
 * SwaggerExamplesTest), on the README's {@code people.csv}.
 */
final class JobExamples {

	static final String SEED_JOB = """
			{
			  "name": "adults-per-city",
			  "source": { "format": "csv", "path": "people.csv", "header": true, "inferSchema": true },
			  "pipeline": [
			    { "op": "filter", "condition": "age > 30" }
			  ],
			  "action": { "type": "count" }
			}""";

	static final String COLLECT_JOB = """
			{
			  "name": "raises",
			  "source": { "format": "csv", "path": "people.csv", "header": true, "inferSchema": true },
			  "pipeline": [
			    { "op": "filter", "condition": "age > 30 AND city <> 'Oslo'" },
			    { "op": "withColumn", "name": "raised", "expression": "round(salary * 1.1, 2)" },
			    { "op": "select", "columns": ["name", "city", "raised"] }
			  ],
			  "action": { "type": "collect", "maxRows": 10 }
			}""";

	static final String GROUP_JOB = """
			{
			  "name": "adults-per-city",
			  "source": { "format": "csv", "path": "people.csv", "header": true, "inferSchema": true },
			  "pipeline": [
			    { "op": "filter",  "condition": "age > 30" },
			    { "op": "groupBy", "keys": ["city"], "aggregations": ["count(*) AS people", "avg(salary) AS avg_salary"] },
			    { "op": "orderBy", "columns": ["people DESC", "city"] },
			    { "op": "limit",   "n": 10 }
			  ],
			  "action": { "type": "collect" }
			}""";

	static final String WINDOW_JOB = """
			{
			  "name": "top-earners-per-city",
			  "source": { "format": "csv", "path": "people.csv", "header": true,
			              "schema": "name STRING, city STRING, age INT, salary DOUBLE" },
			  "pipeline": [
			    { "op": "window", "partitionBy": ["city"], "orderBy": ["salary DESC"],
			      "columns": ["rank() AS rank", "sum(salary) AS running"] },
			    { "op": "withColumn", "name": "share", "expression": "salary / sum(salary) OVER (PARTITION BY city)" },
			    { "op": "withColumn", "name": "smoothed",
			      "expression": "avg(salary) OVER (PARTITION BY city ORDER BY age ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)" },
			    { "op": "filter", "condition": "rank <= 3" }
			  ],
			  "action": { "type": "collect" }
			}""";

	static final String SQL_JOB = """
			{
			  "name": "adults-per-city-sql",
			  "sql": "SELECT city, count(*) AS people, avg(salary) AS avg_salary FROM people WHERE age > 30 GROUP BY city ORDER BY people DESC, city LIMIT 10",
			  "tables": {
			    "people": { "format": "csv", "path": "people.csv", "header": true, "inferSchema": true }
			  }
			}""";

	private JobExamples() {
	}

}
