/**
 * The data root as users see it: {@code GET /api/v1/datasets} lists the files jobs can
 * read, and {@code PUT /api/v1/datasets/{name}} uploads one, confined to the root like
 * every job path.
 */
package dev.kindling.dataset;
