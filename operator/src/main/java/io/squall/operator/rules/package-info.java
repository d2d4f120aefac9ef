/**
 * The rules engine: triggers from JetStream become Executions, exactly once.
 *
 * <h2>Flow</h2>
 * <ol>
 * <li>{@link io.squall.operator.trigger.TriggerConsumer}: every operator replica pulls from the same durable consumer
 * {@code squall-rules-engine} of SQUALL_TRIGGERS (one per namespace, {@code squall-rules-engine-<ns>}, when
 * squall.watch-namespaces is set), {@code squall.rules.batch-size} per pull, {@code squall.rules.max-concurrency}
 * triggers in parallel, on the operator's one pull-consumer loop {@link io.squall.operator.nats.PullConsumerLoop}
 * (which the results consumer uses too). Not leader-only: more replicas, more throughput.</li>
 * <li>{@link io.squall.operator.rules.TriggerProcessor}: a payload that cannot be parsed, or whose subject does not
 * say its namespace and type, goes to {@code squall.deadletter.trigger} (SQUALL_DEADLETTER, headers
 * {@code Squall-Error}, {@code Squall-Original-Subject}) and is then acknowledged.</li>
 * <li>{@link io.squall.operator.rules.RuleIndex} (fed by the informers of {@link io.squall.operator.rules.RulesCache},
 * which run on every replica) gives the enabled Rules of the trigger's namespace and type; timer fires naming their
 * rule ({@link io.squall.operator.rules.TimerTriggers}) only see that rule.</li>
 * <li>The engine's {@code RuleMatcher.select} matches them (backstop rules only when no standard rule matched);
 * {@link io.squall.operator.rules.RuleEnforcer} creates each match's Execution, named from (namespace, rule, trigger
 * id) by {@link io.squall.operator.rules.EnforcementNames}, with parameters rendered and checked by the engine's
 * {@code ParameterResolver} ({@link io.squall.operator.rules.ExecutionFactory}: what is the rules engine's own — name,
 * rule and trigger labels, trigger context). Creating it is not the rules engine's: the Execution package's
 * {@link io.squall.operator.execution.ExecutionCreator} creates it idempotently (409 AlreadyExists = an earlier
 * delivery did), with the Secret of its secret values ({@link io.squall.operator.execution.SecretParameters},
 * {@code Names.secretParametersName(execution)}, created first, then owned by the Execution; the spec shows
 * {@code ********}), as the workflow engine creates its children. A render error still creates the Execution,
 * annotated {@code Names.ENFORCEMENT_ERROR_ANNOTATION}, and then writes it Failed through the one writer of Execution
 * status, {@link io.squall.operator.execution.ExecutionStatusUpdater}, with the lifecycle's own transition. A missing
 * Action or Workflow creates nothing and is recorded (Rule status + a Warning Event on the Rule).</li>
 * <li>The trigger is acknowledged only when every matching Execution exists (409 AlreadyExists counts) or its
 * failure is recorded; an API server error hands it back ({@code nak}, redelivered after
 * {@code squall.rules.retry-delay}). A redelivery finds the Executions of the first delivery by name.</li>
 * <li>{@link io.squall.operator.rules.RuleStatusRecorder}: matched / enforced / failed, lastMatchTime and lastError
 * accumulate in memory and are written every {@code squall.rules.status-flush-interval} per changed rule, as a JSON
 * merge patch of current value + delta carrying the resourceVersion read (409 → re-read, add again), so replicas
 * never lose each other's counts.</li>
 * </ol>
 *
 * <h2>Metrics</h2>
 * {@link io.squall.operator.rules.RulesMetrics}: {@code squall_rules_triggers_total{outcome}},
 * {@code squall_rules_enforcements_total{outcome}}, {@code squall_rules_status_patches_total}.
 *
 * <h2>Not yet</h2>
 * {@code kv.system.*} renders as a missing key (empty) until the operator has a datastore lookup to pass in.
 *
 * <h2>Benchmark</h2>
 * {@code bin/squall-bench trigger [--quick]} (operator test sources, bench.TriggerLatencyBenchmark): on the Fabric8
 * mock API server and on a real kube-apiserver, beside bare Execution creates and raw JetStream in the same run.
 */
package io.squall.operator.rules;
