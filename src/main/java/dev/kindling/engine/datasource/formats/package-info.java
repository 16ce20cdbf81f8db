/**
 * The file formats by name, for the planners and the scan operator: {@code csv},
 * {@code json}, {@code parquet}.
 */
package dev.kindling.engine.datasource.formats;
