package dev.kindling.job;

/**
 * The life of a stage: {@code WAITING → RUNNING → SUCCEEDED | FAILED | CANCELLED}. A
 * stage waits until every stage it reads a shuffle from has succeeded; a succeeded stage
 * whose shuffle output was lost runs again (its attempt rises).
 */
public enum StageStatus {

	WAITING, RUNNING, SUCCEEDED, FAILED, CANCELLED

}
