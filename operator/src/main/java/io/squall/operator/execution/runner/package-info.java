/**
 * The runner's objects for one attempt of an Action: its Job ({@link RunnerJobBuilder}), its request Secret
 * ({@link RequestSecretBuilder}, deleted with {@link RequestSecrets} once the Execution is final), their names
 * ({@link RunnerNames}), owner references ({@link Owners}), the operator's informers on them
 * ({@link RunnerInformers}), the runner settings and NATS credentials, and what a Job and its pod show
 * ({@link JobObservation}).
 */
package io.squall.operator.execution.runner;
