/**
 * The web UI the driver serves at {@code /ui/}: plain ES modules and CSS under
 * {@code static/ui} (no build step), reading the public JSON API and its live streams.
 * The root redirects there.
 */
package dev.kindling.ui;
