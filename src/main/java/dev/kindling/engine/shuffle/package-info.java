/**
 * The shuffle format: hash partitioning of rows by key, and the compact binary, columnar
 * block codec map tasks write and reduce tasks read (never JSON).
 */
package dev.kindling.engine.shuffle;
