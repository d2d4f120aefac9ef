package io.squall.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.SquallStatus;
import io.squall.operator.validation.Validation;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one way reconcilers write status: fill in kind-specific fields, set Ready + observedGeneration, and
 * patch the status subresource only when something changed (an unchanged status is not written, so a
 * reconcile never triggers another one).
 */
@Singleton
public class StatusWriter {

    private final Clock clock;

    public StatusWriter(Clock clock) {
        this.clock = clock;
    }

    /** Ready from a validation of the spec. */
    public <R extends CustomResource<?, S>, S extends SquallStatus> UpdateControl<R> write(
            R resource, Supplier<S> emptyStatus, Validation validation, Consumer<S> details) {
        return write(
                resource,
                emptyStatus,
                details,
                (status, generation) -> ReadyCondition.apply(status, generation, validation, clock.instant()));
    }

    /** Ready from a state observed at run time (e.g. a workload's pods), with its reason and message. */
    public <R extends CustomResource<?, S>, S extends SquallStatus> UpdateControl<R> write(
            R resource, Supplier<S> emptyStatus, boolean ready, String reason, String message, Consumer<S> details) {
        return write(
                resource,
                emptyStatus,
                details,
                (status, generation) ->
                        ReadyCondition.apply(status, generation, ready, reason, message, clock.instant()));
    }

    public <R extends CustomResource<?, S>, S extends SquallStatus> UpdateControl<R> write(
            R resource, Supplier<S> emptyStatus, Validation validation) {
        return write(resource, emptyStatus, validation, status -> {});
    }

    /** JOSDK's updateErrorStatus: Ready=False with the exception ({@link ReconcileErrors}); other fields kept. */
    public <R extends CustomResource<?, S>, S extends SquallStatus> ErrorStatusUpdateControl<R> writeError(
            R resource, Supplier<S> emptyStatus, Exception error) {
        UpdateControl<R> control = write(
                resource,
                emptyStatus,
                status -> {},
                (status, generation) -> ReconcileErrors.show(status, generation, error, clock.instant()));
        return control.isPatchStatus()
                ? ErrorStatusUpdateControl.patchStatus(resource)
                : ErrorStatusUpdateControl.noStatusUpdate();
    }

    private <R extends CustomResource<?, S>, S extends SquallStatus> UpdateControl<R> write(
            R resource, Supplier<S> emptyStatus, Consumer<S> details, BiConsumer<S, Long> ready) {
        if (resource.getStatus() == null) {
            resource.setStatus(emptyStatus.get());
        }
        S status = resource.getStatus();
        JsonNode before = Json.mapper().valueToTree(status);
        details.accept(status);
        ready.accept(status, resource.getMetadata().getGeneration());
        JsonNode after = Json.mapper().valueToTree(status);
        return before.equals(after) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(resource);
    }
}
