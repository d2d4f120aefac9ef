package io.squall.runner.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.KubernetesActionSpec;
import io.squall.runner.ActionConfigException;
import io.squall.runner.ActionOutcome;
import io.squall.runner.RunContext;
import io.squall.runner.action.ActionRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The kubernetes runner: get, apply (server-side), patch, scale, delete or wait on one object, as the runner pod's
 * service account (the Action's {@code serviceAccountName}). Results: the object after the operation (managedFields
 * left out); scale gives {@code {apiVersion, kind, namespace, name, replicas, previousReplicas}}; delete gives
 * {@code {..., deleted}}. An API error fails the run with the API server's status and message.
 */
public final class KubernetesRunner implements ActionRunner {
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Attempts of a relative scale that lost a race (409) against another writer. */
    private static final int SCALE_ATTEMPTS = 10;

    private final KubernetesAccess access;

    public KubernetesRunner() {
        this(InClusterAccess.ofPod());
    }

    public KubernetesRunner(KubernetesAccess access) {
        this.access = access;
    }

    @Override
    public ActionOutcome run(ExecutionRequest request, RunContext context)
            throws ActionConfigException, InterruptedException {
        KubernetesActionSpec spec = request.action().kubernetes;
        if (spec == null || spec.operation == null) {
            throw new ActionConfigException(
                    "action.kubernetes.operation",
                    "is required by the kubernetes runner " + "(get, apply, patch, scale, delete or wait)");
        }
        Instant deadline = Instant.now().plus(context.timeout());
        String operation = spec.operation.name().toLowerCase();
        try (KubernetesClient client = access.connect(context.timeout())) {
            ManifestTarget manifest = spec.operation == KubernetesActionSpec.Operation.APPLY
                    ? ManifestTarget.resolve(client, spec, request.namespace())
                    : null;
            KubernetesTarget target = manifest != null
                    ? manifest.target()
                    : KubernetesTarget.resolve(client, spec.apiVersion, spec.kind, spec.name, namespace(spec, request));
            String what = operation + " " + target;
            try {
                return switch (spec.operation) {
                    case GET -> get(target, client);
                    case APPLY -> apply(manifest, spec, client);
                    case PATCH -> patch(target, spec, client);
                    case SCALE -> scale(target, spec, client);
                    case DELETE -> delete(target, spec, client);
                    case WAIT -> waitFor(target, spec, client, context, deadline);
                };
            } catch (KubernetesClientException e) {
                return KubernetesFailure.of(what, e);
            }
        } catch (KubernetesClientException e) {
            return KubernetesFailure.of(operation, e);
        }
    }

    private static String namespace(KubernetesActionSpec spec, ExecutionRequest request) {
        return spec.namespace == null || spec.namespace.isBlank() ? request.namespace() : spec.namespace;
    }

    private static ActionOutcome get(KubernetesTarget target, KubernetesClient client) {
        GenericKubernetesResource object = target.resource(client).get();
        if (object == null) {
            return notFound("get " + target);
        }
        return ActionOutcome.succeeded(json(object));
    }

    private static ActionOutcome apply(ManifestTarget manifest, KubernetesActionSpec spec, KubernetesClient client) {
        KubernetesTarget target = manifest.target();
        var kinds = target.kinds(client);
        Resource<GenericKubernetesResource> resource = target.namespace() == null
                ? kinds.resource(manifest.object())
                : kinds.inNamespace(target.namespace()).resource(manifest.object());
        var apply = resource.fieldManager(
                spec.fieldManager == null || spec.fieldManager.isBlank() ? "squall" : spec.fieldManager);
        GenericKubernetesResource applied = Boolean.TRUE.equals(spec.forceConflicts)
                ? apply.forceConflicts().serverSideApply()
                : apply.serverSideApply();
        return ActionOutcome.succeeded(json(applied));
    }

    private static ActionOutcome patch(KubernetesTarget target, KubernetesActionSpec spec, KubernetesClient client)
            throws ActionConfigException {
        if (spec.patch == null || spec.patch.isBlank()) {
            throw new ActionConfigException("action.kubernetes.patch", "is required by operation patch");
        }
        JsonNode document;
        try {
            // YAML or JSON in the Action; the API server takes JSON patches only
            document = client.getKubernetesSerialization().unmarshal(spec.patch, JsonNode.class);
        } catch (RuntimeException e) {
            throw new ActionConfigException("action.kubernetes.patch", "is not YAML or JSON: " + e.getMessage(), e);
        }
        KubernetesActionSpec.PatchType type =
                spec.patchType == null ? KubernetesActionSpec.PatchType.MERGE : spec.patchType;
        if (type == KubernetesActionSpec.PatchType.JSON ? !document.isArray() : !document.isObject()) {
            throw new ActionConfigException(
                    "action.kubernetes.patch",
                    type == KubernetesActionSpec.PatchType.JSON
                            ? "must be a list of operations for patchType json"
                            : "must be an object for patchType " + type.name().toLowerCase());
        }
        PatchType patchType = switch (type) {
            case MERGE -> PatchType.JSON_MERGE;
            case JSON -> PatchType.JSON;
            case STRATEGIC -> PatchType.STRATEGIC_MERGE;
        };
        GenericKubernetesResource patched =
                target.resource(client).patch(PatchContext.of(patchType), document.toString());
        return ActionOutcome.succeeded(json(patched));
    }

    /**
     * Through the scale subresource (RBAC: get and update on {@code <plural>/scale}). A relative count ({@code +2},
     * {@code -1}) is written with the resourceVersion it was computed from, so two concurrent changes both land.
     */
    private static ActionOutcome scale(KubernetesTarget target, KubernetesActionSpec spec, KubernetesClient client)
            throws ActionConfigException {
        ReplicaChange change = ReplicaChange.parse(spec.replicas);
        Resource<GenericKubernetesResource> resource = target.resource(client);
        for (int attempt = 1; ; attempt++) {
            Scale current = resource.scale();
            int before = current.getSpec() == null || current.getSpec().getReplicas() == null
                    ? 0
                    : current.getSpec().getReplicas();
            int wanted = change.applyTo(before);
            if (wanted < 0) {
                return KubernetesFailure.failed("scale " + target + ": " + before + " " + spec.replicas.strip()
                        + " would be " + wanted + " replicas");
            }
            Scale desired = new ScaleBuilder()
                    .withNewMetadata()
                    .withName(target.name())
                    .withNamespace(target.namespace())
                    .withResourceVersion(
                            change.relative() ? current.getMetadata().getResourceVersion() : null)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(wanted)
                    .endSpec()
                    .build();
            try {
                Scale after = resource.scale(desired);
                ObjectNode result = identity(target);
                result.put("replicas", after.getSpec().getReplicas());
                result.put("previousReplicas", before);
                return ActionOutcome.succeeded(result);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= SCALE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static ActionOutcome delete(KubernetesTarget target, KubernetesActionSpec spec, KubernetesClient client) {
        List<StatusDetails> deleted = target.resource(client).delete();
        if (deleted.isEmpty() && !Boolean.TRUE.equals(spec.ignoreNotFound)) {
            return notFound("delete " + target);
        }
        ObjectNode result = identity(target);
        result.put("deleted", !deleted.isEmpty());
        return ActionOutcome.succeeded(result);
    }

    /** Polls with get (RBAC: get only, no watch) until the condition holds, the wait time is up or the run is canceled. */
    private static ActionOutcome waitFor(
            KubernetesTarget target,
            KubernetesActionSpec spec,
            KubernetesClient client,
            RunContext context,
            Instant actionDeadline)
            throws ActionConfigException, InterruptedException {
        WaitCondition condition = WaitCondition.parse(spec.waitFor);
        Instant waitDeadline = spec.waitSeconds == null
                ? actionDeadline
                : min(actionDeadline, Instant.now().plusSeconds(spec.waitSeconds));
        CountDownLatch canceled = new CountDownLatch(1);
        context.cancellation().onCancel(canceled::countDown);
        try {
            JsonNode last = null;
            while (true) {
                GenericKubernetesResource object = target.resource(client).get();
                last = object == null ? null : json(object);
                if (condition.holds(last)) {
                    if (last == null) {
                        ObjectNode result = identity(target);
                        result.put("deleted", true);
                        return ActionOutcome.succeeded(result);
                    }
                    return ActionOutcome.succeeded(last);
                }
                Duration left = Duration.between(Instant.now(), waitDeadline);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                if (canceled.await(Math.min(POLL.toMillis(), left.toMillis()), TimeUnit.MILLISECONDS)) {
                    return KubernetesFailure.outcome(
                            Outcome.canceled,
                            "the execution was canceled while waiting for " + condition.text() + " on " + target);
                }
            }
            if (!waitDeadline.isBefore(actionDeadline)) {
                return KubernetesFailure.outcome(
                        Outcome.timedout,
                        "Action failed to complete in " + context.timeout().toSeconds() + " seconds");
            }
            String seen = last == null ? "the object does not exist" : "status " + last.path("status");
            return KubernetesFailure.failed("wait " + target + ": " + condition.text() + " did not hold within "
                    + spec.waitSeconds + "s; last seen: " + seen);
        } finally {
            context.cancellation().clear();
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static ActionOutcome notFound(String what) {
        return KubernetesFailure.failed(what + " failed: not found");
    }

    private static ObjectNode identity(KubernetesTarget target) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("apiVersion", target.apiVersion());
        result.put("kind", target.kind());
        if (target.namespace() != null) {
            result.put("namespace", target.namespace());
        }
        result.put("name", target.name());
        return result;
    }

    /** The object as the result: managedFields are bookkeeping of the API server, left out. */
    static JsonNode json(GenericKubernetesResource object) {
        JsonNode node = Json.mapper().convertValue(object, JsonNode.class);
        if (node.path("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
        }
        return node;
    }
}
