package io.squall.systemtests;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's identity as the chart installs it: the chart's ServiceAccount and RBAC objects
 * created on the API server, and a real token of that ServiceAccount (TokenRequest API, signed by
 * the API server) in a kubeconfig file. Whatever uses it gets exactly the chart's permissions.
 */
public final class OperatorServiceAccount {

    private static final Set<Class<? extends HasMetadata>> IDENTITY_KINDS =
            Set.of(ServiceAccount.class, ClusterRole.class, ClusterRoleBinding.class, Role.class, RoleBinding.class);

    private final RenderedChart chart;
    private final String namespace;
    private final String name;
    private final Path kubeconfig;
    private final String kubeconfigYaml;

    private OperatorServiceAccount(RenderedChart chart, String namespace, String name, Path kubeconfig, String yaml) {
        this.chart = chart;
        this.namespace = namespace;
        this.name = name;
        this.kubeconfig = kubeconfig;
        this.kubeconfigYaml = yaml;
    }

    /**
     * Renders the chart as release {@code squall} in {@code namespace} with {@code values}, creates the
     * namespaces its objects live in, its ServiceAccount and RBAC objects, and a one-hour token.
     */
    public static OperatorServiceAccount install(
            KubeApiServerSupport apiServer, String namespace, Map<String, Object> values) throws IOException {
        KubernetesClient admin = apiServer.client();
        RenderedChart chart = RenderedChart.render("squall", namespace, values);
        List<HasMetadata> identity = chart.objects().stream()
                .filter(o -> IDENTITY_KINDS.contains(o.getClass()))
                .toList();
        identity.stream()
                .map(o -> o.getMetadata().getNamespace())
                .filter(ns -> ns != null && admin.namespaces().withName(ns).get() == null)
                .distinct()
                .forEach(ns -> admin.resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .endMetadata()
                                .build())
                        .create());
        identity.forEach(o -> admin.resource(o).create());
        awaitBindingsInEffect(admin, identity);

        // the operator's, not the sensors' ServiceAccount of the watched namespaces
        ServiceAccount account = chart.all(ServiceAccount.class).stream()
                .filter(sa -> "operator".equals(sa.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the chart rendered no ServiceAccount for the operator"));
        TokenRequest request = new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(3600L)
                .endSpec()
                .build();
        String token = admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(account.getMetadata().getName())
                .tokenRequest(request)
                .getStatus()
                .getToken();

        String yaml = kubeconfigWithToken(apiServer, namespace, token);
        Path file = Files.writeString(
                apiServer
                        .workDir()
                        .resolve("kubeconfig-" + account.getMetadata().getName()),
                yaml);
        return new OperatorServiceAccount(
                chart, namespace, account.getMetadata().getName(), file, yaml);
    }

    /**
     * The API server's RBAC authorizer reads Roles and bindings from an informer cache, so a binding created a moment
     * ago may not authorize anything yet: waits until every binding grants its subjects the first rule of its role.
     */
    private static void awaitBindingsInEffect(KubernetesClient admin, List<HasMetadata> identity) {
        for (HasMetadata object : identity) {
            String namespace;
            RoleRef roleRef;
            List<Subject> subjects;
            if (object instanceof RoleBinding binding) {
                namespace = binding.getMetadata().getNamespace();
                roleRef = binding.getRoleRef();
                subjects = binding.getSubjects();
            } else if (object instanceof ClusterRoleBinding binding) {
                namespace = "";
                roleRef = binding.getRoleRef();
                subjects = binding.getSubjects();
            } else {
                continue;
            }
            List<PolicyRule> rules = "ClusterRole".equals(roleRef.getKind())
                    ? admin.rbac()
                            .clusterRoles()
                            .withName(roleRef.getName())
                            .get()
                            .getRules()
                    : admin.rbac()
                            .roles()
                            .inNamespace(namespace)
                            .withName(roleRef.getName())
                            .get()
                            .getRules();
            Optional<PolicyRule> rule =
                    rules.stream().filter(r -> !r.getResources().isEmpty()).findFirst();
            if (rule.isEmpty()) {
                continue;
            }
            for (Subject subject : subjects) {
                SubjectAccessReview review = accessReview(subject, rule.get(), namespace);
                await("RBAC " + object.getKind() + " " + object.getMetadata().getName() + " in effect for "
                                + subject.getName())
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> admin.resource(review).create().getStatus().getAllowed());
            }
        }
    }

    /** May {@code subject} do the first verb of {@code rule} on its first resource in {@code namespace}? */
    private static SubjectAccessReview accessReview(Subject subject, PolicyRule rule, String namespace) {
        String[] resource = rule.getResources().get(0).replace("*", "pods").split("/", 2);
        ResourceAttributesBuilder attributes = new ResourceAttributesBuilder()
                .withGroup(
                        rule.getApiGroups().isEmpty()
                                ? ""
                                : rule.getApiGroups().get(0).replace("*", ""))
                .withResource(resource[0])
                .withSubresource(resource.length > 1 ? resource[1] : null)
                .withVerb(rule.getVerbs().get(0).replace("*", "get"))
                .withName(
                        rule.getResourceNames().isEmpty()
                                ? null
                                : rule.getResourceNames().get(0))
                .withNamespace(namespace);
        SubjectAccessReviewBuilder review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withResourceAttributes(attributes.build())
                .endSpec();
        switch (subject.getKind()) {
            case "ServiceAccount" ->
                review.editSpec()
                        .withUser("system:serviceaccount:" + subject.getNamespace() + ":" + subject.getName())
                        .endSpec();
            case "Group" -> review.editSpec().withGroups(subject.getName()).endSpec();
            default -> review.editSpec().withUser(subject.getName()).endSpec();
        }
        return review.build();
    }

    /** The admin kubeconfig's cluster (server URL and CA) with the ServiceAccount's bearer token as the user. */
    static String kubeconfigWithToken(KubeApiServerSupport apiServer, String namespace, String token)
            throws IOException {
        io.fabric8.kubernetes.api.model.Config admin =
                KubeConfigUtils.parseConfigFromString(Files.readString(apiServer.kubeconfig()));
        NamedCluster cluster = admin.getClusters().get(0);
        String ca = cluster.getCluster().getCertificateAuthorityData() != null
                ? "certificate-authority-data: " + cluster.getCluster().getCertificateAuthorityData()
                : "certificate-authority: " + cluster.getCluster().getCertificateAuthority();
        return """
            apiVersion: v1
            kind: Config
            clusters:
              - name: %s
                cluster:
                  server: %s
                  %s
            users:
              - name: squall-operator
                user:
                  token: %s
            contexts:
              - name: squall-operator
                context:
                  cluster: %s
                  user: squall-operator
                  namespace: %s
            current-context: squall-operator
            """.formatted(
                        cluster.getName(), cluster.getCluster().getServer(), ca, token, cluster.getName(), namespace);
    }

    public RenderedChart chart() {
        return chart;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** "system:serviceaccount:<namespace>:<name>", the user RBAC sees. */
    public String userName() {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A client that authenticates with the ServiceAccount's token. */
    public KubernetesClient client() {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfigYaml))
                .build();
    }
}
