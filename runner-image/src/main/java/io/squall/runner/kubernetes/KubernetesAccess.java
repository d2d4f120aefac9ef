package io.squall.runner.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.runner.ActionConfigException;
import java.time.Duration;

/** How the kubernetes runner reaches the API server, as which identity. */
@FunctionalInterface
public interface KubernetesAccess {

    /** @param timeout the most any one request may take */
    KubernetesClient connect(Duration timeout) throws ActionConfigException;
}
