/**
 * The operator: Squall's custom resources wired into the cluster and NATS. StackStorm's semantics themselves live in
 * the engine module (no Kubernetes); here is what runs them, one package per concern:
 * <ul>
 * <li>{@code reconciler} — one JOSDK reconciler per kind; it decides which part acts, the parts do the work;</li>
 * <li>{@code execution} — an Execution's life: created only through {@code ExecutionCreator} (deterministic name,
 * 409 = exists), its status written only through {@code ExecutionStatusUpdater}, runner Jobs, results, in-operator
 * runners ({@code InOperatorRunners}: the place for a runner that needs no pod), concurrency slots, inquiries;</li>
 * <li>{@code workflow} — the workflow engine: each task a child Execution, the conductor's state in the
 * {@code SQUALL_WORKFLOWS} bucket, status summaries written off the reconcile thread;</li>
 * <li>{@code rules} — trigger → matching rules → Executions; {@code trigger} and {@code nats} — the JetStream side
 * (one {@code PullConsumerLoop} for every consumer, one publisher of operator-made triggers, dead letters);</li>
 * <li>{@code datastore}, {@code timer}, {@code sensor}, {@code inquiry} (the admission webhook), {@code validation}
 * (conditions that name the field), {@code status} (conditions and the status writer of the other kinds),
 * {@code config};</li>
 * <li>{@link io.squall.operator.Audit} — the {@code squall.audit} logger every audit line goes to.</li>
 * </ul>
 */
package io.squall.operator;
