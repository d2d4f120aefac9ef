package io.squall.operator.execution.runner;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Names;
import org.jboss.logging.Logger;

/**
 * Request Secrets hold secret parameters and NATS credentials: once an execution has finished they are of no
 * use, so they are deleted right away instead of living as long as the Execution's history.
 */
public final class RequestSecrets {

    private static final Logger LOG = Logger.getLogger(RequestSecrets.class);

    private RequestSecrets() {}

    private static boolean isOwnedBy(Secret secret, Execution execution) {
        return secret.getMetadata().getOwnerReferences() != null
                && secret.getMetadata().getOwnerReferences().stream()
                        .anyMatch(owner -> execution.getMetadata().getUid().equals(owner.getUid()));
    }

    public static void deleteAll(KubernetesClient client, Execution execution) {
        try {
            // list, then delete one by one: the chart's RBAC grants delete, not deletecollection
            var secrets = client.secrets().inNamespace(execution.getMetadata().getNamespace());
            secrets
                    .withLabel(Names.LABEL_MANAGED_BY, Names.MANAGED_BY)
                    .withLabel(RunnerNames.COMPONENT_LABEL, RunnerNames.REQUEST)
                    .withLabel(
                            Names.LABEL_EXECUTION,
                            RunnerNames.labelValue(execution.getMetadata().getName()))
                    .list()
                    .getItems()
                    .stream()
                    .filter(secret -> isOwnedBy(secret, execution))
                    .forEach(secret ->
                            secrets.withName(secret.getMetadata().getName()).delete());
        } catch (KubernetesClientException e) {
            // they are owned by the Execution: the garbage collector removes them with it at the latest
            LOG.warnf(
                    "Request Secrets of finished Execution %s/%s not deleted yet: %s",
                    execution.getMetadata().getNamespace(),
                    execution.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
