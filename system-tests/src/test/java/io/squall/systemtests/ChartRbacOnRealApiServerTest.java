package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.api.v1alpha1.Action;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart's RBAC on a real API server (RBAC authorizer): the ServiceAccount's token gets every
 * grant the operator needs and nothing else, in both scopes.
 */
class ChartRbacOnRealApiServerTest {

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    private static OperatorServiceAccount clusterScoped;
    private static OperatorServiceAccount namespaceScoped;
    private static KubernetesClient clusterClient;
    private static KubernetesClient namespacedClient;

    @BeforeAll
    static void installChartRbac() throws IOException {
        apiServer.installCrds(SquallRepository.crds());
        for (String ns : List.of("apps", "team-a", "team-b", "team-c")) {
            apiServer
                    .client()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        clusterScoped = OperatorServiceAccount.install(apiServer, "squall-system", Map.of());
        namespaceScoped = OperatorServiceAccount.install(
                apiServer,
                "squall-teams",
                Map.of(
                        "rbac.scope",
                        "namespaced",
                        "watchNamespaces[0]",
                        "team-a",
                        "watchNamespaces[1]",
                        "team-b",
                        // its cluster-scoped objects have the same names as the first release's (both are release
                        // "squall")
                        "inquiries.admissionWebhook.enabled",
                        "false"));
        clusterClient = clusterScoped.client();
        namespacedClient = namespaceScoped.client();
    }

    @AfterAll
    static void closeClients() {
        Stream.of(clusterClient, namespacedClient).filter(c -> c != null).forEach(KubernetesClient::close);
    }

    /** Asks the API server, with the account's own token, whether it may do {@code grant} in {@code namespace}. */
    private static boolean allowed(KubernetesClient client, String grant, String namespace) {
        // grant: "<group>/<resource>[/<subresource>]:<verb>"
        String[] groupResourceVerb = grant.split(":");
        String[] parts = groupResourceVerb[0].split("/");
        ResourceAttributesBuilder attributes = new ResourceAttributesBuilder()
                .withGroup(parts[0])
                .withResource(parts[1])
                .withVerb(groupResourceVerb[1])
                .withNamespace(namespace);
        if (parts.length > 2) {
            attributes.withSubresource(parts[2]);
        }
        return review(client, attributes.build());
    }

    private static boolean review(KubernetesClient client, ResourceAttributes attributes) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withResourceAttributes(attributes)
                .endSpec()
                .build();
        return client.resource(review).create().getStatus().getAllowed();
    }

    private static List<String> denied(KubernetesClient client, Iterable<String> grants, String namespace) {
        List<String> denied = new ArrayList<>();
        grants.forEach(grant -> {
            if (!allowed(client, grant, namespace)) {
                denied.add(grant);
            }
        });
        return denied;
    }

    private static List<String> allowedOf(KubernetesClient client, List<String> grants, String namespace) {
        return grants.stream()
                .filter(grant -> allowed(client, grant, namespace))
                .toList();
    }

    /** Requests outside the operator's rules: each must be refused. */
    private static final List<String> OUTSIDE_THE_RULES = List.of(
            "/nodes:list",
            "/namespaces:delete",
            "/namespaces:list",
            "/pods:create",
            "/pods:delete",
            "/pods/exec:create",
            "/pods/log:get",
            "/serviceaccounts:create",
            "/serviceaccounts/token:create",
            "/events:delete",
            "/persistentvolumeclaims:list",
            "batch/jobs:update",
            "batch/jobs:patch",
            "batch/cronjobs:create",
            "apps/statefulsets:create",
            "apps/daemonsets:list",
            "rbac.authorization.k8s.io/roles:create",
            "rbac.authorization.k8s.io/rolebindings:create",
            "rbac.authorization.k8s.io/clusterroles:escalate",
            "apiextensions.k8s.io/customresourcedefinitions:get",
            "apiextensions.k8s.io/customresourcedefinitions:create",
            "squall.io/executions/status:delete",
            "squall.io/executions:deletecollection",
            "coordination.k8s.io/leases:delete");

    @Test
    void clusterScopeGrantsEveryOperatorPermissionInAnyNamespace() {
        assertThat(denied(clusterClient, OperatorPermissions.workloadGrants(), "apps"))
                .isEmpty();
        assertThat(denied(clusterClient, OperatorPermissions.workloadGrants(), "team-c"))
                .isEmpty();
        assertThat(denied(clusterClient, OperatorPermissions.leaderElectionGrants(), "squall-system"))
                .isEmpty();
    }

    @Test
    void clusterScopeRefusesEverythingElse() {
        assertThat(allowedOf(clusterClient, OUTSIDE_THE_RULES, "apps")).isEmpty();
        // the Lease is granted in the release namespace only (the datastore key Secret's get/create also come with the
        // ClusterRole's secrets in this scope)
        assertThat(allowedOf(
                        clusterClient,
                        OperatorPermissions.leaderElectionGrants().stream()
                                .filter(g -> g.startsWith("coordination.k8s.io/"))
                                .toList(),
                        "apps"))
                .isEmpty();
    }

    @Test
    void namespacedScopeGrantsOnlyTheWatchedNamespaces() {
        assertThat(denied(namespacedClient, OperatorPermissions.workloadGrants(), "team-a"))
                .isEmpty();
        assertThat(denied(namespacedClient, OperatorPermissions.workloadGrants(), "team-b"))
                .isEmpty();
        assertThat(denied(namespacedClient, OperatorPermissions.leaderElectionGrants(), "squall-teams"))
                .isEmpty();

        assertThat(allowedOf(namespacedClient, List.copyOf(OperatorPermissions.workloadGrants()), "team-c"))
                .isEmpty();
        assertThat(allowedOf(namespacedClient, List.copyOf(OperatorPermissions.workloadGrants()), "apps"))
                .isEmpty();
        // cluster-wide (all namespaces) watches are not possible in this scope
        assertThat(allowed(namespacedClient, "squall.io/actions:list", "")).isFalse();
        assertThat(allowedOf(namespacedClient, OUTSIDE_THE_RULES, "team-a")).isEmpty();
    }

    /** Whether the API server lets {@code user} do {@code grant} in {@code namespace} (asked by the admin). */
    private static boolean allowedFor(String user, String grant, String namespace) {
        String[] groupResourceVerb = grant.split(":");
        String[] parts = groupResourceVerb[0].split("/");
        SubjectAccessReview review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withNewResourceAttributes()
                .withGroup(parts[0])
                .withResource(parts[1])
                .withVerb(groupResourceVerb[1])
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec()
                .build();
        return apiServer.client().resource(review).create().getStatus().getAllowed();
    }

    @Test
    void theSensorsServiceAccountMayUseALeaseAndReadEventsInItsNamespaceOnly() {
        // the namespaced install made it in the watched namespaces team-a and team-b
        String sensor = "system:serviceaccount:team-a:squall-sensor";
        assertThat(OperatorPermissions.sensorGrants())
                .allSatisfy(grant -> assertThat(allowedFor(sensor, grant, "team-a"))
                        .as(grant)
                        .isTrue());
        assertThat(OperatorPermissions.sensorGrants())
                .allSatisfy(grant -> assertThat(allowedFor(sensor, grant, "team-b"))
                        .as("%s in team-b", grant)
                        .isFalse());
        assertThat(List.of(
                        "/secrets:get",
                        "/configmaps:list",
                        "/pods:list",
                        "/events:create",
                        "/events:delete",
                        "coordination.k8s.io/leases:delete",
                        "coordination.k8s.io/leases:list",
                        "squall.io/sensors:get",
                        "squall.io/executions:create"))
                .allSatisfy(grant -> assertThat(allowedFor(sensor, grant, "team-a"))
                        .as(grant)
                        .isFalse());
    }

    @Test
    void realRequestsOutsideTheRulesAreForbidden() {
        assertForbidden(() -> clusterClient.nodes().list());
        assertForbidden(() -> clusterClient.namespaces().withName("apps").delete());
        assertForbidden(() -> clusterClient
                .pods()
                .inNamespace("apps")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("sneaky")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .build())
                .create());
        assertForbidden(() ->
                clusterClient.apiextensions().v1().customResourceDefinitions().list());
        assertForbidden(() ->
                namespacedClient.resources(Action.class).inNamespace("team-c").list());
        assertForbidden(
                () -> namespacedClient.resources(Action.class).inAnyNamespace().list());
    }

    @Test
    void realRequestsInsideTheRulesSucceed() {
        assertThat(clusterClient.resources(Action.class).inAnyNamespace().list().getItems())
                .isEmpty();
        assertThat(clusterClient.batch().v1().jobs().inAnyNamespace().list().getItems())
                .isEmpty();
        assertThat(clusterClient.apps().deployments().inNamespace("apps").list().getItems())
                .isEmpty();
        assertThat(namespacedClient
                        .resources(Action.class)
                        .inNamespace("team-a")
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(namespacedClient.secrets().inNamespace("team-b").list().getItems())
                .isEmpty();
    }

    private static void assertForbidden(Runnable request) {
        assertThatThrownBy(request::run)
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
