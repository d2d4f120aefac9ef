package io.squall.operator.execution.runner;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.execution.ExecutionSetupException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The desired request Secret of one attempt: the ExecutionRequest (secret parameters included) as a file the
 * runner reads, and the NATS credentials the runner publishes its result with. Owned by the Execution, so it
 * goes with it; immutable, because an attempt's request never changes. A request over the Secret size limit fails
 * the attempt with {@link ExecutionSetupException} instead of an API error that a retry would meet again.
 */
public final class RequestSecretBuilder {

    public static final String REQUEST_KEY = "request.json";
    public static final String NATS_USER_KEY = "nats-user";
    public static final String NATS_PASSWORD_KEY = "nats-password";
    public static final String NATS_TOKEN_KEY = "nats-token";
    public static final String NATS_CREDS_KEY = "nats.creds";

    /** Kubernetes refuses a Secret whose data is over 1 MiB. */
    public static final int MAX_SECRET_BYTES = 1 << 20;

    private RequestSecretBuilder() {}

    public static Secret desired(Execution execution, ExecutionRequest request, RunnerNatsCredentials credentials) {
        String jobName = RunnerNames.jobName(execution.getMetadata().getName(), request.attempt());
        Map<String, String> data = new LinkedHashMap<>();
        data.put(REQUEST_KEY, new String(Json.toBytes(request), StandardCharsets.UTF_8));
        credentials.user().ifPresent(v -> data.put(NATS_USER_KEY, v));
        credentials.password().ifPresent(v -> data.put(NATS_PASSWORD_KEY, v));
        credentials.token().ifPresent(v -> data.put(NATS_TOKEN_KEY, v));
        credentials.creds().ifPresent(v -> data.put(NATS_CREDS_KEY, v));
        long size = data.values().stream()
                .mapToLong(v -> v.getBytes(StandardCharsets.UTF_8).length)
                .sum();
        if (size > MAX_SECRET_BYTES) {
            // the API server would refuse the Secret on every retry: the attempt fails now, saying why
            throw new ExecutionSetupException(
                    "the runner request is " + size + " bytes, over the " + MAX_SECRET_BYTES
                            + " a Secret may hold: the parameters and the rendered action (its command, script, body) are too large");
        }
        // data, not stringData: the same object whether or not the API server converts stringData
        return new SecretBuilder()
                .withNewMetadata()
                .withName(RunnerNames.requestSecretName(jobName))
                .withNamespace(execution.getMetadata().getNamespace())
                .withLabels(RunnerNames.labels(execution, request.attempt(), RunnerNames.REQUEST))
                .withOwnerReferences(Owners.ownerReference(execution))
                .endMetadata()
                .withType("Opaque")
                .withImmutable(true)
                .withData(base64(data))
                .build();
    }

    private static Map<String, String> base64(Map<String, String> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((key, value) ->
                encoded.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return encoded;
    }
}
