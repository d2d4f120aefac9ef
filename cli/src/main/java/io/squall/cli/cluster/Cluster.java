package io.squall.cli.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.cli.ClusterException;
import java.util.function.Supplier;

/** Calls to the API server with errors a user can act on: which object, which namespace, what the server said. */
final class Cluster {
    private Cluster() {}

    static <T> T call(String server, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage()
                    : e.getCause() != null ? e.getCause().toString() : e.getMessage();
            if (e.getCode() <= 0) {
                throw new ClusterException(
                        what + ": cannot reach the API server " + server + ": " + reason
                                + " (is the kubeconfig's context the cluster you mean? --kubeconfig, --context)",
                        e);
            }
            throw new ClusterException(what + ": the API server answered " + e.getCode() + ": " + reason, e);
        }
    }
}
