package io.squall.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this replica holds the operator's leader Lease, for periodic work outside the reconcilers (JOSDK
 * already reconciles on the leader only). Without leader election (dev, tests) every replica is leader.
 */
@ApplicationScoped
public class LeaderCheck {

    private final Operator operator;
    private final KubernetesClient client;

    public LeaderCheck(Operator operator, KubernetesClient client) {
        this.operator = operator;
        this.client = client;
    }

    public boolean isLeader() {
        var election = operator.getConfigurationService().getLeaderElectionConfiguration();
        if (election.isEmpty()) {
            return true;
        }
        var configuration = election.get();
        // JOSDK's identity: the configured one, else the pod name
        String identity = configuration.getIdentity().orElse(System.getenv("HOSTNAME"));
        String namespace = configuration.getLeaseNamespace().orElse(client.getNamespace());
        Lease lease = client.leases()
                .inNamespace(namespace)
                .withName(configuration.getLeaseName())
                .get();
        return identity != null
                && lease != null
                && lease.getSpec() != null
                && identity.equals(lease.getSpec().getHolderIdentity());
    }
}
