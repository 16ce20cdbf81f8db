/**
 * The job format of DESIGN §4 as plain records: what users POST, what the driver stores,
 * and (with source schemas pinned) what executors receive to plan their stage. Validation
 * of the shape happens here with JSON-pointer-style field names; expressions are checked
 * by the planner.
 */
package dev.kindling.engine.spec;
