/**
 * Where datasets live, behind one seam: a {@link dev.kindling.engine.storage.Storage}
 * lists files under a location, tells a file's size and modification time, opens a file
 * for positioned reads (an {@link dev.kindling.engine.storage.InputFile}), writes new
 * files, moves and deletes them. Locations are strings: a path relative to the data root
 * ({@code out/x/part-00000.csv}) or an object-store URL ({@code s3://bucket/key}). Data
 * readers take an {@code InputFile} and a byte range of it, never a file system path, so
 * the same reader serves the data root and object storage. Plain Java.
 */
package dev.kindling.engine.storage;
