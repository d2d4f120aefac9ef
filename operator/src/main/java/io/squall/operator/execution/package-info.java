/**
 * Executions: how they are created, how their status is written, and their lifecycle.
 *
 * <h2>Creating an Execution</h2>
 * Whoever creates Executions (the rules engine now, the workflow engine for its tasks' children, a future creator
 * too) drafts it with a name derived from what caused it and creates it with {@link ExecutionCreator}: the Secret of
 * its secret parameter values first ({@link SecretParameters}), then the Execution (409 AlreadyExists = a repeat:
 * the existing one is returned), then the Secret's owner reference. Doing it again is therefore harmless.
 *
 * <h2>Writing its status</h2>
 * {@link ExecutionStatusUpdater} is the one writer of Execution status: a guarded transition of
 * {@link ExecutionTransitions} applied to the latest status and written with its resourceVersion (409 → re-read,
 * re-apply). What follows a write is there too, once: the audit line ({@link ExecutionAuditLog}), the transition's
 * Event ({@link ExecutionEvents}), and the deletion of the request Secrets once the phase is final. Conditions use
 * the one upsert of {@code io.squall.operator.status.StatusConditions} ({@link Conditions} names the Execution's).
 * A new writer (a new runner, the workflow engine) passes a transition; it never updates the status itself.
 *
 * <h2>Lifecycle</h2>
 * {@link ExecutionLifecycle} is one level-based reconcile (observe the Job and pod, start, cancel, publish the
 * completed trigger); {@link ResultApplier} applies a runner's result from {@link ResultConsumer}.
 */
package io.squall.operator.execution;
