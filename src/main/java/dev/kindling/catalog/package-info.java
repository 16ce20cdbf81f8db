/**
 * Named tables for SQL jobs: a catalog kept in the database ({@code /api/v1/tables}),
 * each table a CSV source as a job would give it, and
 * {@link dev.kindling.catalog.Sources}, which resolves any source against the data root
 * (the file, its options, the schema it reads as). The scheduler pins a job's tables
 * through it; this package depends on the engine and the platform only.
 */
package dev.kindling.catalog;
