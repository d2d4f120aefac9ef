package io.squall.systemtests;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator is meant to be allowed to do, written independently of the chart, as
 * "group/resource:verb" grants, so a test can compare the chart's rules with it exactly.
 */
public final class OperatorPermissions {

    private static final List<String> ALL = List.of("get", "list", "watch", "create", "update", "patch", "delete");
    private static final List<String> SQUALL_KINDS = List.of("actions", "workflows", "rules", "sensors", "executions");

    private OperatorPermissions() {}

    /** Grants of the ClusterRole (cluster scope) or of each per-namespace Role (namespaced scope). */
    public static Set<String> workloadGrants() {
        Set<String> grants = new TreeSet<>();
        for (String kind : SQUALL_KINDS) {
            add(grants, "squall.io", kind, ALL);
            add(grants, "squall.io", kind + "/status", List.of("get", "update", "patch"));
        }
        add(grants, "", "events", List.of("create", "patch"));
        add(grants, "batch", "jobs", List.of("get", "list", "watch", "create", "delete"));
        add(grants, "", "secrets", ALL);
        add(grants, "", "configmaps", ALL);
        add(grants, "", "pods", List.of("get", "list", "watch"));
        add(grants, "apps", "deployments", ALL);
        add(grants, "", "services", ALL);
        return grants;
    }

    /** Added to the operator's grants by ingress.enabled: an Ingress per webhook sensor. */
    public static Set<String> ingressGrants() {
        Set<String> grants = new TreeSet<>();
        add(grants, "networking.k8s.io", "ingresses", ALL);
        return grants;
    }

    /**
     * Grants of the sensors' ServiceAccount in each sensor namespace (poll and kubernetes-events sensors): their
     * Lease, and reading Events.
     */
    public static Set<String> sensorGrants() {
        Set<String> grants = new TreeSet<>();
        add(grants, "coordination.k8s.io", "leases", List.of("get", "create", "update"));
        add(grants, "", "events", List.of("get", "list", "watch"));
        return grants;
    }

    /** Grants of the leader-election Role in the release namespace. */
    public static Set<String> leaderElectionGrants() {
        Set<String> grants = new TreeSet<>();
        add(grants, "coordination.k8s.io", "leases", List.of("get", "list", "watch", "create", "update", "patch"));
        add(grants, "", "secrets", List.of("get", "create")); // the datastore key Secret
        return grants;
    }

    /** The inquiry webhook's ClusterRole: writing the caBundle of its MutatingWebhookConfiguration (by name). */
    public static Set<String> inquiryWebhookClusterGrants() {
        Set<String> grants = new TreeSet<>();
        add(grants, "admissionregistration.k8s.io", "mutatingwebhookconfigurations", List.of("get", "patch"));
        return grants;
    }

    /** The inquiry webhook's Role in the release namespace: new certificates in its Secret (by name). */
    public static Set<String> inquiryWebhookSecretGrants() {
        Set<String> grants = new TreeSet<>();
        add(grants, "", "secrets", List.of("update"));
        return grants;
    }

    /** Expands RBAC rules into "group/resource:verb" grants. */
    public static Set<String> grantsOf(List<PolicyRule> rules) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    add(grants, group, resource, rule.getVerbs());
                }
            }
        }
        return grants;
    }

    private static void add(Set<String> grants, String group, String resource, List<String> verbs) {
        verbs.forEach(verb -> grants.add(group + "/" + resource + ":" + verb));
    }
}
