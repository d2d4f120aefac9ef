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
 * {@link ExecutionTransitions} applied to the copy at hand (from the cache) and written with its resourceVersion (409 → re-read,
 * re-apply). What follows a write is there too, once: the audit line ({@link ExecutionAuditLog}), the transition's
 * Event ({@link ExecutionEvents}), and the deletion of the request Secrets once the phase is final. Conditions use
 * the one upsert of {@code io.squall.operator.status.StatusConditions} ({@link Conditions} names the Execution's).
 * A new writer (a new runner, the workflow engine) passes a transition; it never updates the status itself.
 *
 * <h2>Lifecycle</h2>
 * {@code ExecutionReconciler} chooses by kind: a finished Execution goes to {@link ExecutionCompletion} (slot,
 * completed trigger), a Workflow's to the workflow engine once {@link ExecutionLifecycle#admitWorkflow} admits it,
 * an Action's to {@link ExecutionLifecycle}, the ordered steps of one level-based reconcile: cancel and observe
 * ({@link AttemptObserver}: what the Job and pod show), an open inquiry ({@link Inquiries}), or the next attempt
 * ({@link AttemptStarter}: a runner Job, an in-operator runner, an inquiry).
 * <ul>
 * <li>{@code execution.runner}: the runner's objects — its Job, request Secret, names, informers, settings,
 * NATS credentials, owner references, and what a Job shows ({@code JobObservation});</li>
 * <li>{@code execution.result}: a runner's result — consumed from JetStream, applied, kept whole in the object
 * store, truncated for the status.</li>
 * </ul>
 */
package io.squall.operator.execution;
