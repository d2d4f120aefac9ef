package io.squall.operator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.SquallStatus;
import io.squall.operator.status.ReadyCondition;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Small helpers for operator tests against a (mock) API server. */
public final class Kube {

    /** Generous: the mock server and informers are fast, but the build machine has two busy cores. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    private Kube() {}

    /**
     * {@code edit} of the named Execution that re-reads and applies {@code change} again when it loses the race with
     * the operator's own status write (409 Conflict): what a person's {@code kubectl edit} would do on a retry.
     */
    public static Execution edit(
            KubernetesClient client, String namespace, String name, UnaryOperator<Execution> change) {
        return onConflictAgain(() -> client.resources(Execution.class)
                .inNamespace(namespace)
                .withName(name)
                .edit(change));
    }

    /**
     * Creates or replaces the resource like {@code kubectl apply}: an update that loses the race with the operator's
     * own status write (409 Conflict, the resourceVersion moved between read and write) is tried again.
     */
    public static <T extends CustomResource<?, ?>> T apply(KubernetesClient client, String yaml, Class<T> type) {
        return onConflictAgain(
                () -> client.resource(Resources.yaml(yaml, type)).createOr(existing -> existing.update()));
    }

    /** A read-modify-write tried again (up to 10 times) while it loses to another writer: 409 Conflict. */
    private static <T> T onConflictAgain(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    public static <T extends CustomResource<?, ?>> T get(
            KubernetesClient client, Class<T> type, String namespace, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    public static Condition ready(CustomResource<?, ? extends SquallStatus> resource) {
        return resource == null || resource.getStatus() == null
                ? null
                : ReadyCondition.find(resource.getStatus().conditions);
    }

    /**
     * Waits until the resource's Ready condition has the status and reason and describes the resource's current
     * generation, then returns the resource.
     */
    public static <T extends CustomResource<?, ? extends SquallStatus>> T awaitReady(
            KubernetesClient client, Class<T> type, String namespace, String name, String status, String reason) {
        return await().atMost(WAIT).until(() -> get(client, type, namespace, name), resource -> {
            Condition ready = ready(resource);
            return ready != null
                    && status.equals(ready.getStatus())
                    && reason.equals(ready.getReason())
                    && resource.getMetadata().getGeneration().equals(resource.getStatus().observedGeneration);
        });
    }

    public static void assertReady(
            CustomResource<?, ? extends SquallStatus> resource, String status, String reason, String message) {
        Condition ready = ready(resource);
        assertThat(ready)
                .as("Ready condition of %s", resource.getMetadata().getName())
                .isNotNull();
        assertThat(ready.getStatus()).isEqualTo(status);
        assertThat(ready.getReason()).isEqualTo(reason);
        assertThat(ready.getMessage()).isEqualTo(message);
        assertThat(ready.getObservedGeneration())
                .isEqualTo(resource.getMetadata().getGeneration());
        assertThat(resource.getStatus().observedGeneration)
                .isEqualTo(resource.getMetadata().getGeneration());
    }
}
