package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.ApiErrors;
import io.squall.operator.execution.ExecutionTransitions.Transition;
import io.squall.operator.execution.runner.RequestSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one writer of Execution status (the lifecycle, the results consumer, the workflow engine, the rules engine's
 * Failed-from-birth executions): a guarded transition applied to a copy and sent as an update of the status
 * subresource carrying the resourceVersion it was computed from. Two writers (the reconciler and the results
 * consumer, or two operator replicas) can therefore never overwrite each other: the loser gets 409 Conflict,
 * re-reads, and re-applies its transition, whose guard then usually says there is nothing left to do.
 * <p>
 * What follows a written change happens here, once, for every writer (Flink's StatusRecorder and its listeners):
 * the audit line of a phase change, the transition's Kubernetes Event, and, when the write made the execution
 * final, the deletion of its request Secrets.
 */
@ApplicationScoped
public class ExecutionStatusUpdater {

    static final int MAX_CONFLICTS = 10;

    /** A written status and the Event that describes the change (if the transition has one). */
    public record Written(Execution execution, Optional<Transition> transition) {}

    private final KubernetesClient client;
    private final ExecutionEvents events;

    public ExecutionStatusUpdater(KubernetesClient client, ExecutionEvents events) {
        this.client = client;
        this.events = events;
    }

    /**
     * @param transition changes the status of the copy it is given and returns the Event to record; a status
     *                   it leaves unchanged is not written
     * @return the written execution, or empty when there was nothing to change or the Execution is gone
     * @throws KubernetesClientException when the API server refuses the write (other than 404 and 409)
     * @throws IllegalStateException     after {@value #MAX_CONFLICTS} conflicting writes in a row
     */
    public Optional<Written> update(Execution current, Function<Execution, Optional<Transition>> transition) {
        if (!changes(current, transition)) {
            return Optional.empty(); // the common case of a reconcile: nothing to write, no request
        }
        // the copy at hand may come from a cache and be stale: written with its resourceVersion, the API server
        // answers 409 then, and the transition is applied again on the status read (no read first: the cache is
        // usually current, and a read before every write was one round trip more on each)
        Execution base = current.getMetadata().getResourceVersion() != null ? current : read(current);
        for (int attempt = 0; attempt < MAX_CONFLICTS && base != null; attempt++) {
            Execution copy = client.getKubernetesSerialization().clone(base);
            JsonNode before = Json.mapper().valueToTree(copy.getStatus());
            Optional<Transition> event = transition.apply(copy);
            if (before.equals(Json.mapper().valueToTree(copy.getStatus()))) {
                return Optional.empty();
            }
            try {
                Execution written = client.resources(Execution.class)
                        .inNamespace(copy.getMetadata().getNamespace())
                        .resource(copy)
                        .updateStatus();
                afterWrite(base, written, event);
                return Optional.of(new Written(written, event));
            } catch (KubernetesClientException e) {
                if (e.getCode() == ApiErrors.NOT_FOUND) {
                    return Optional.empty();
                }
                if (e.getCode() != ApiErrors.CONFLICT) {
                    throw e;
                }
            }
            base = read(current);
        }
        if (base == null) {
            return Optional.empty();
        }
        throw new IllegalStateException(
                "status of Execution " + current.getMetadata().getNamespace() + "/"
                        + current.getMetadata().getName() + " kept changing: " + MAX_CONFLICTS
                        + " conflicting writes in a row");
    }

    private void afterWrite(Execution before, Execution written, Optional<Transition> event) {
        ExecutionAuditLog.phaseChanged(before, written);
        event.ifPresent(t -> events.record(written, t));
        if (ExecutionTransitions.isFinal(written.getStatus()) && !ExecutionTransitions.isFinal(before.getStatus())) {
            RequestSecrets.deleteAll(client, written);
        }
    }

    private boolean changes(Execution execution, Function<Execution, Optional<Transition>> transition) {
        Execution copy = client.getKubernetesSerialization().clone(execution);
        JsonNode before = Json.mapper().valueToTree(copy.getStatus());
        transition.apply(copy);
        return !before.equals(Json.mapper().valueToTree(copy.getStatus()));
    }

    private Execution read(Execution execution) {
        return client.resources(Execution.class)
                .inNamespace(execution.getMetadata().getNamespace())
                .withName(execution.getMetadata().getName())
                .get();
    }
}
