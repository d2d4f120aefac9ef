package io.squall.operator.execution;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.execution.ExecutionTransitions.Transition;
import io.squall.operator.execution.runner.RunnerNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events about Execution transitions ({@code kubectl describe execution}, {@code kubectl get events}).
 * An Event is recorded after its status change was written, so each transition is told once. Events are
 * informational: a failure to record one is logged, and the execution goes on.
 */
@ApplicationScoped
public class ExecutionEvents {

    private static final Logger LOG = Logger.getLogger(ExecutionEvents.class);
    static final String COMPONENT = "squall-operator";

    private final KubernetesClient client;
    private final Clock clock;

    public ExecutionEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void record(Execution execution, Transition transition) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String name = RunnerNames.labelValue(execution.getMetadata().getName()) + "."
                + Long.toHexString(clock.instant().toEpochMilli())
                + Integer.toHexString(java.util.Objects.hash(transition.reason(), transition.message()));
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(execution.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(execution.getApiVersion())
                .withKind(execution.getKind())
                .withName(execution.getMetadata().getName())
                .withNamespace(execution.getMetadata().getNamespace())
                .withUid(execution.getMetadata().getUid())
                .withResourceVersion(execution.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(transition.type())
                .withReason(transition.reason())
                .withMessage(transition.message())
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1()
                    .events()
                    .inNamespace(execution.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            LOG.warnf(
                    "Event %s %s for Execution %s/%s not recorded: %s",
                    transition.reason(),
                    transition.message(),
                    execution.getMetadata().getNamespace(),
                    execution.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
