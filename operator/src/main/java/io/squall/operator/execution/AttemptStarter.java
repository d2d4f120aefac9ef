package io.squall.operator.execution;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.nats.client.JetStreamApiException;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.api.v1alpha1.ScriptRef;
import io.squall.engine.datastore.KvBucket;
import io.squall.engine.template.TemplateRenderer;
import io.squall.operator.ApiErrors;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.execution.ExecutionTransitions.AttemptEnd;
import io.squall.operator.execution.runner.RequestSecretBuilder;
import io.squall.operator.execution.runner.RunnerJobBuilder;
import io.squall.operator.execution.runner.RunnerNatsCredentials;
import io.squall.operator.execution.runner.RunnerSettings;
import io.squall.operator.nats.NatsUnavailableException;
import io.squall.operator.validation.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts an Action Execution's next attempt once a retry delay has passed and its concurrency policy admits it:
 * the request (parameters rendered, Secret-sourced values, the pack config) as a request Secret and a runner Job, or
 * run at once in the operator (kv, trigger), or an inquiry opened (inquirer). What cannot start (a disabled Action,
 * a missing script) fails the Execution saying why.
 */
@ApplicationScoped
public class AttemptStarter {

    private static final Logger LOG = Logger.getLogger(AttemptStarter.class);
    /** How long a rule-created execution may wait for its secret-parameter Secret to appear. */
    static final Duration PARAMETER_SECRET_WAIT = Duration.ofSeconds(30);
    /** How often a Delayed execution looks for a free slot of its concurrency policy. */
    static final Duration DELAYED_RECHECK = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final SquallConfig config;
    private final ExecutionStatusUpdater updater;
    private final Clock clock;
    private final TemplateRenderer renderer;
    private final OperatorDatastore datastore;
    private final InOperatorRunners inOperator;
    private final ConcurrencySlots slots;
    private final Inquiries inquiries;

    public AttemptStarter(
            KubernetesClient client,
            SquallConfig config,
            ExecutionStatusUpdater updater,
            Clock clock,
            TemplateRenderer renderer,
            OperatorDatastore datastore,
            InOperatorRunners inOperator,
            ConcurrencySlots slots,
            Inquiries inquiries) {
        this.client = client;
        this.config = config;
        this.updater = updater;
        this.clock = clock;
        this.renderer = renderer;
        this.datastore = datastore;
        this.inOperator = inOperator;
        this.slots = slots;
        this.inquiries = inquiries;
    }

    public UpdateControl<Execution> start(Execution execution, Action action, Validation validation, ClusterView view) {
        Instant now = clock.instant();
        Optional<Instant> retryAt = ExecutionTransitions.retryAt(execution, action.getSpec().retry);
        if (retryAt.isPresent() && now.isBefore(retryAt.get())) {
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.between(now, retryAt.get()));
        }
        int attempt = ExecutionTransitions.attempts(execution.getStatus()) + 1;
        if (action.getSpec().concurrency != null && action.getSpec().concurrency.limit != null) {
            ConcurrencySlots.Decision decision = slots.admit(
                    execution,
                    attempt,
                    action,
                    view.executionsOf(action.getMetadata().getName()),
                    name -> Optional.ofNullable(client.resources(Execution.class)
                            .inNamespace(execution.getMetadata().getNamespace())
                            .withName(name)
                            .get()));
            if (decision instanceof ConcurrencySlots.Wait wait) {
                updater.update(execution, copy -> ExecutionTransitions.delayed(copy, wait.message(), now));
                return UpdateControl.<Execution>noUpdate().rescheduleAfter(DELAYED_RECHECK);
            }
            if (decision instanceof ConcurrencySlots.Refuse refuse) {
                updater.update(execution, copy -> ExecutionTransitions.canceledByPolicy(copy, refuse.message(), now));
                return UpdateControl.noUpdate();
            }
        }
        Job job;
        try {
            if (Boolean.FALSE.equals(action.getSpec().enabled)) {
                throw new ExecutionSetupException(
                        "Action " + action.getMetadata().getName() + " is disabled (spec.enabled: false)");
            }
            checkScript(execution, action.getSpec());
            Optional<Secret> parameters = parameterSecret(execution);
            if (parameters.isEmpty()
                    && hasMaskedParameter(execution)
                    && youngerThan(execution, PARAMETER_SECRET_WAIT)) {
                // the rules engine creates the Secret with the Execution; give it a moment
                return UpdateControl.<Execution>noUpdate().rescheduleAfter(Duration.ofSeconds(2));
            }
            ExecutionRequest request = ExecutionRequests.build(
                    execution,
                    action,
                    attempt,
                    parameters.orElse(null),
                    ParameterSecretSources.read(client, execution, action.getSpec()),
                    renderer,
                    datastore.lookup(execution.getMetadata().getNamespace(), user(execution)));
            request = PackConfigSources.withConfig(request, client, action.getSpec());
            if (action.getSpec().runner == RunnerType.INQUIRER) {
                return openInquiry(execution, request, view);
            }
            if (action.getSpec().runner != null && action.getSpec().runner.runsInOperator()) {
                return runInOperator(execution, action, request, validation, view);
            }
            Secret secret = RequestSecretBuilder.desired(execution, request, RunnerNatsCredentials.from(config.nats()));
            job = RunnerJobBuilder.desired(
                    execution,
                    action,
                    attempt,
                    RunnerSettings.from(config),
                    secret.getData().keySet());
            createOwned(execution, secret);
            job = createOwned(execution, job);
            view.jobCreated(execution, job);
        } catch (ExecutionSetupException e) {
            updater.update(execution, copy -> {
                ExecutionTransitions.validated(copy, validation, now);
                return ExecutionTransitions.failedToStart(copy, e.getMessage(), now);
            });
            return UpdateControl.noUpdate();
        }
        String jobName = job.getMetadata().getName();
        updater.update(execution, copy -> {
            ExecutionTransitions.validated(copy, validation, now);
            return ExecutionTransitions.scheduled(copy, attempt, jobName, now);
        });
        return UpdateControl.<Execution>noUpdate().rescheduleAfter(AttemptObserver.stuckAfter(job, config));
    }

    /** A kv or trigger action: the operator runs it now and writes the outcome; no Job, no pod. */
    private UpdateControl<Execution> runInOperator(
            Execution execution, Action action, ExecutionRequest request, Validation validation, ClusterView view) {
        ExecutionResult result;
        try {
            result = inOperator.run(action.getSpec().runner, execution, request);
        } catch (KvBucket.Unavailable | NatsUnavailableException | IOException | JetStreamApiException e) {
            Duration again = config.nats().retryInterval();
            LOG.warnf(
                    "Execution %s/%s: NATS (the datastore or the trigger stream) is unavailable (%s); trying again in %ss",
                    execution.getMetadata().getNamespace(),
                    execution.getMetadata().getName(),
                    e.getMessage(),
                    again.toSeconds());
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(again);
        }
        Instant now = clock.instant();
        ExecutionPhase phase = result.outcome() == ExecutionResult.Outcome.succeeded
                ? ExecutionPhase.Succeeded
                : ExecutionPhase.Failed;
        AttemptEnd end = new AttemptEnd(
                request.attempt(), phase, result.error(), result.result(), false, null, result.finishedAt());
        updater.update(execution, copy -> {
            ExecutionTransitions.validated(copy, validation, now);
            return ExecutionTransitions.ranInOperator(copy, end, action.getSpec().retry, now);
        });
        return UpdateControl.noUpdate();
    }

    private UpdateControl<Execution> openInquiry(Execution execution, ExecutionRequest request, ClusterView view) {
        try {
            inquiries.open(execution, request, t -> updater.update(execution, t));
            return UpdateControl.noUpdate();
        } catch (IOException | JetStreamApiException | NatsUnavailableException e) {
            Duration again = config.nats().retryInterval();
            LOG.warnf(
                    "Execution %s/%s: the %s trigger could not be published (%s); trying again in %ss",
                    execution.getMetadata().getNamespace(),
                    execution.getMetadata().getName(),
                    Inquiries.TRIGGER_TYPE,
                    e.getMessage(),
                    again.toSeconds());
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(again);
        }
    }

    private static String user(Execution execution) {
        return execution.getSpec().context == null ? null : execution.getSpec().context.user;
    }

    /** Creates an attempt's object; one left by an earlier reconcile is ours, one of a deleted namesake is removed. */
    private <T extends HasMetadata> T createOwned(Execution execution, T desired) {
        try {
            return client.resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != ApiErrors.CONFLICT) {
                throw e;
            }
        }
        T existing = client.resource(desired).get();
        if (existing != null
                && existing.getMetadata().getOwnerReferences() != null
                && existing.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> execution.getMetadata().getUid().equals(o.getUid()))) {
            return existing;
        }
        client.resource(desired)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        throw new IllegalStateException(
                desired.getKind() + " " + desired.getMetadata().getName()
                        + " belonged to an earlier Execution of the same name; deleted it, retrying");
    }

    private void checkScript(Execution execution, ActionSpec spec) {
        ScriptRef ref = spec.scriptRef;
        if (ref == null) {
            return;
        }
        String namespace = execution.getMetadata().getNamespace();
        ConfigMap configMap = client.configMaps()
                .inNamespace(namespace)
                .withName(ref.configMap)
                .get();
        if (configMap == null) {
            throw new ExecutionSetupException(
                    "spec.scriptRef.configMap: ConfigMap " + ref.configMap + " not found in namespace " + namespace);
        }
        boolean hasKey = configMap.getData() != null && configMap.getData().containsKey(ref.key)
                || configMap.getBinaryData() != null
                        && configMap.getBinaryData().containsKey(ref.key);
        if (!hasKey) {
            throw new ExecutionSetupException(
                    "spec.scriptRef.key: ConfigMap " + ref.configMap + " has no key " + ref.key);
        }
    }

    private Optional<Secret> parameterSecret(Execution execution) {
        if (!hasMaskedParameter(execution)) {
            return Optional.empty();
        }
        return Optional.ofNullable(client.secrets()
                .inNamespace(execution.getMetadata().getNamespace())
                .withName(Names.secretParametersName(execution.getMetadata().getName()))
                .get());
    }

    private static boolean hasMaskedParameter(Execution execution) {
        return execution.getSpec().parameters != null
                && execution.getSpec().parameters.values().stream()
                        .anyMatch(v -> v != null && v.isTextual() && Names.MASK.equals(v.asText()));
    }

    private boolean youngerThan(Execution execution, Duration age) {
        String created = execution.getMetadata().getCreationTimestamp();
        return created == null || Instant.parse(created).plus(age).isAfter(clock.instant());
    }
}
