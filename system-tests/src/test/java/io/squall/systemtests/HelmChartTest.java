package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** helm/squall rendered with helm-java (Helm's own Go code): lint, objects, RBAC, security. */
class HelmChartTest {

    private static final String NS = "squall-system";

    private static RenderedChart renderDefaults() {
        return RenderedChart.render("squall", NS, Map.of());
    }

    private static Container operatorContainer(RenderedChart chart) {
        PodSpec pod = chart.one(Deployment.class, "squall-operator")
                .getSpec()
                .getTemplate()
                .getSpec();
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    private static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    private static String envValue(Container container, String name) {
        EnvVar var = env(container).get(name);
        assertThat(var).as("env %s of the operator container", name).isNotNull();
        return var.getValue();
    }

    @Test
    void lintPassesInStrictMode() {
        LintResult result = new Helm(SquallRepository.chart()).lint().strict().call();

        assertThat(result.isFailed())
                .as("lint messages: %s", result.getMessages())
                .isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultValuesRenderTheOperatorAndItsClusterWideRbac() {
        RenderedChart chart = renderDefaults();

        assertThat(chart.objects())
                .extracting(
                        HasMetadata::getKind,
                        o -> o.getMetadata().getName(),
                        o -> o.getMetadata().getNamespace())
                .containsExactlyInAnyOrder(
                        tuple("ServiceAccount", "squall-operator", NS),
                        tuple("ClusterRole", "squall-operator", null),
                        tuple("ClusterRoleBinding", "squall-operator", null),
                        tuple("Role", "squall-operator-leader-election", NS),
                        tuple("RoleBinding", "squall-operator-leader-election", NS),
                        tuple("Service", "squall-operator", NS),
                        tuple("Deployment", "squall-operator", NS),
                        // inquiries.admissionWebhook.enabled (the default)
                        tuple("MutatingWebhookConfiguration", "squall-inquiries", null),
                        tuple("Service", "squall-inquiry-webhook", NS),
                        tuple("ClusterRole", "squall-operator-inquiry-webhook", null),
                        tuple("ClusterRoleBinding", "squall-operator-inquiry-webhook", null),
                        tuple("Role", "squall-operator-inquiry-webhook", NS),
                        tuple("RoleBinding", "squall-operator-inquiry-webhook", NS));
    }

    @Test
    void theInquiryWebhookSeesOnlyUpdatesOfInquiryExecutionsAndMayWriteOnlyItsOwnObjects() {
        RenderedChart chart = renderDefaults();

        MutatingWebhookConfiguration configuration = chart.one(MutatingWebhookConfiguration.class, "squall-inquiries");
        assertThat(configuration.getWebhooks()).hasSize(1);
        MutatingWebhook webhook = configuration.getWebhooks().get(0);
        assertThat(webhook.getFailurePolicy()).as("no unchecked answers").isEqualTo("Fail");
        assertThat(webhook.getSideEffects()).isEqualTo("None");
        assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
        assertThat(webhook.getObjectSelector().getMatchLabels())
                .containsExactly(Map.entry("squall.io/inquiry", "true"));
        assertThat(webhook.getNamespaceSelector())
                .as("all namespaces, as the operator watches")
                .isNull();
        MutatingWebhook watching = RenderedChart.render(
                        "squall", NS, Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"))
                .one(MutatingWebhookConfiguration.class, "squall-inquiries")
                .getWebhooks()
                .get(0);
        assertThat(watching.getNamespaceSelector().getMatchExpressions())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
                    assertThat(e.getOperator()).isEqualTo("In");
                    assertThat(e.getValues()).containsExactly("team-a", "team-b");
                });
        assertThat(webhook.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("squall.io");
            assertThat(rule.getResources()).containsExactly("executions");
            assertThat(rule.getOperations()).containsExactly("UPDATE");
        });
        assertThat(webhook.getClientConfig().getCaBundle())
                .as("the operator writes it")
                .isNull();
        assertThat(webhook.getClientConfig().getService().getName()).isEqualTo("squall-inquiry-webhook");
        assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo(NS);
        assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/inquiries/admit");
        Service service = chart.one(Service.class, "squall-inquiry-webhook");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(443);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("inquiry-webhook");
        });
        Container container = operatorContainer(chart);
        assertThat(container.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("inquiry-webhook");
            assertThat(port.getContainerPort()).isEqualTo(8443);
        });
        assertThat(envValue(container, "SQUALL_INQUIRIES_ADMISSION_WEBHOOK_ENABLED"))
                .isEqualTo("true");
        assertThat(envValue(container, "SQUALL_INQUIRIES_ADMISSION_WEBHOOK_CONFIGURATION"))
                .isEqualTo("squall-inquiries");
        assertThat(envValue(container, "SQUALL_INQUIRIES_ADMISSION_WEBHOOK_SECRET"))
                .isEqualTo("squall-inquiry-webhook");
        assertThat(envValue(container, "SQUALL_INQUIRIES_ADMISSION_WEBHOOK_HOSTS"))
                .isEqualTo(
                        "squall-inquiry-webhook.squall-system.svc,squall-inquiry-webhook.squall-system.svc.cluster.local,"
                                + "squall-inquiry-webhook.squall-system,squall-inquiry-webhook");

        ClusterRole clusterRole = chart.one(ClusterRole.class, "squall-operator-inquiry-webhook");
        assertThat(OperatorPermissions.grantsOf(clusterRole.getRules()))
                .containsExactlyElementsOf(OperatorPermissions.inquiryWebhookClusterGrants());
        assertThat(clusterRole.getRules())
                .allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly("squall-inquiries"));
        Role role = chart.one(Role.class, "squall-operator-inquiry-webhook");
        assertThat(role.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(OperatorPermissions.grantsOf(role.getRules()))
                .containsExactlyElementsOf(OperatorPermissions.inquiryWebhookSecretGrants());
        assertThat(role.getRules())
                .allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly("squall-inquiry-webhook"));
        assertThat(chart.one(ClusterRoleBinding.class, "squall-operator-inquiry-webhook")
                        .getSubjects())
                .extracting("kind", "name", "namespace")
                .containsExactly(tuple("ServiceAccount", "squall-operator", NS));
        assertThat(chart.one(RoleBinding.class, "squall-operator-inquiry-webhook")
                        .getSubjects())
                .extracting("kind", "name", "namespace")
                .containsExactly(tuple("ServiceAccount", "squall-operator", NS));
    }

    @Test
    void theInquiryWebhookCanBeCalledAtAUrlOrTurnedOff() {
        RenderedChart outside = RenderedChart.render(
                "squall", NS, Map.of("inquiries.admissionWebhook.url", "https://127.0.0.1:9443/inquiries/admit"));
        MutatingWebhook webhook = outside.one(MutatingWebhookConfiguration.class, "squall-inquiries")
                .getWebhooks()
                .get(0);
        assertThat(webhook.getClientConfig().getUrl()).isEqualTo("https://127.0.0.1:9443/inquiries/admit");
        assertThat(webhook.getClientConfig().getService()).isNull();
        assertThat(outside.all(Service.class))
                .extracting(s -> s.getMetadata().getName())
                .containsExactly("squall-operator");
        assertThat(envValue(operatorContainer(outside), "SQUALL_INQUIRIES_ADMISSION_WEBHOOK_HOSTS"))
                .isEqualTo("127.0.0.1");

        assertThatThrownBy(() -> RenderedChart.render(
                        "squall",
                        NS,
                        Map.of("inquiries.admissionWebhook.url", "http://127.0.0.1:9443/inquiries/admit")))
                .hasMessageContaining("inquiries.admissionWebhook.url must be an https:// URL");

        RenderedChart off = RenderedChart.render("squall", NS, Map.of("inquiries.admissionWebhook.enabled", "false"));
        assertThat(off.all(MutatingWebhookConfiguration.class)).isEmpty();
        assertThat(off.objects()).noneMatch(o -> o.getMetadata().getName().contains("inquir"));
        assertThat(envValue(operatorContainer(off), "SQUALL_INQUIRIES_ADMISSION_WEBHOOK_ENABLED"))
                .isEqualTo("false");
        assertThat(env(operatorContainer(off))).doesNotContainKey("SQUALL_INQUIRIES_ADMISSION_WEBHOOK_HOSTS");
    }

    @Test
    void theOperatorKeepsTheDatastoreKeyUnlessTheUserBringsOne() {
        RenderedChart chart = renderDefaults();
        assertThat(chart.all(io.fabric8.kubernetes.api.model.Secret.class))
                .as("no key in the chart: an upgrade or a GitOps sync must never replace it")
                .isEmpty();
        assertThat(envValue(operatorContainer(chart), "SQUALL_DATASTORE_KEY_SECRET"))
                .isEqualTo("squall-datastore-key");
        assertThat(env(operatorContainer(chart))).doesNotContainKey("SQUALL_DATASTORE_ENCRYPTION_KEY");

        RenderedChart own = RenderedChart.render(
                "squall",
                NS,
                Map.of("datastore.encryptionKeySecret", "vault-synced", "datastore.encryptionKeySecretKey", "aes"));
        EnvVar ownEnv = env(operatorContainer(own)).get("SQUALL_DATASTORE_ENCRYPTION_KEY");
        assertThat(ownEnv.getValueFrom().getSecretKeyRef().getName()).isEqualTo("vault-synced");
        assertThat(ownEnv.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("aes");
        assertThat(env(operatorContainer(own))).doesNotContainKey("SQUALL_DATASTORE_KEY_SECRET");
    }

    @Test
    void objectNamesFollowTheReleaseName() {
        RenderedChart chart = RenderedChart.render("automation", "ops", Map.of());

        assertThat(chart.one(Deployment.class, "automation-squall-operator")
                        .getMetadata()
                        .getNamespace())
                .isEqualTo("ops");
        assertThat(chart.one(ServiceAccount.class, "automation-squall-operator"))
                .isNotNull();
        ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class, "automation-squall-operator");
        assertThat(binding.getSubjects())
                .extracting("kind", "name", "namespace")
                .containsExactly(tuple("ServiceAccount", "automation-squall-operator", "ops"));
    }

    @Test
    void clusterRoleGrantsExactlyWhatTheOperatorNeeds() {
        RenderedChart chart = renderDefaults();

        ClusterRole role = chart.one(ClusterRole.class, "squall-operator");
        assertThat(OperatorPermissions.grantsOf(role.getRules()))
                .containsExactlyElementsOf(OperatorPermissions.workloadGrants());
        assertThat(role.getRules()).allSatisfy(rule -> {
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });

        ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class, "squall-operator");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("squall-operator");
        assertThat(binding.getSubjects())
                .extracting("kind", "name", "namespace")
                .containsExactly(tuple("ServiceAccount", "squall-operator", NS));
    }

    @Test
    void leaderElectionLeaseIsGrantedOnlyInTheReleaseNamespace() {
        RenderedChart chart = renderDefaults();

        Role role = chart.one(Role.class, "squall-operator-leader-election");
        assertThat(role.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(OperatorPermissions.grantsOf(role.getRules()))
                .containsExactlyElementsOf(OperatorPermissions.leaderElectionGrants());
        RoleBinding binding = chart.one(RoleBinding.class, "squall-operator-leader-election");
        assertThat(binding.getRoleRef().getName()).isEqualTo("squall-operator-leader-election");
        assertThat(binding.getSubjects())
                .extracting("kind", "name", "namespace")
                .containsExactly(tuple("ServiceAccount", "squall-operator", NS));
    }

    @Test
    void namespacedScopeRendersARoleAndBindingInEachWatchedNamespace() {
        RenderedChart chart = RenderedChart.render(
                "squall",
                NS,
                Map.of("rbac.scope", "namespaced", "watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));

        // only the inquiry webhook's, for its cluster-scoped MutatingWebhookConfiguration (by name)
        assertThat(chart.all(ClusterRole.class))
                .extracting(r -> r.getMetadata().getName())
                .containsExactly("squall-operator-inquiry-webhook");
        assertThat(chart.all(ClusterRoleBinding.class))
                .extracting(r -> r.getMetadata().getName())
                .containsExactly("squall-operator-inquiry-webhook");
        // plus the sensors' Role in each watched namespace (sensorServiceAccount* tests)
        assertThat(chart.all(Role.class))
                .extracting(r -> r.getMetadata().getName(), r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder(
                        tuple("squall-operator", "team-a"),
                        tuple("squall-operator", "team-b"),
                        tuple("squall-sensor", "team-a"),
                        tuple("squall-sensor", "team-b"),
                        tuple("squall-operator-leader-election", NS),
                        tuple("squall-operator-inquiry-webhook", NS));
        for (String namespace : new String[] {"team-a", "team-b"}) {
            Role role = chart.all(Role.class).stream()
                    .filter(r -> r.getMetadata().getNamespace().equals(namespace)
                            && r.getMetadata().getName().equals("squall-operator"))
                    .findFirst()
                    .orElseThrow();
            assertThat(OperatorPermissions.grantsOf(role.getRules()))
                    .as("Role in %s", namespace)
                    .containsExactlyElementsOf(OperatorPermissions.workloadGrants());
            RoleBinding binding = chart.all(RoleBinding.class).stream()
                    .filter(b -> b.getMetadata().getNamespace().equals(namespace)
                            && b.getMetadata().getName().equals("squall-operator"))
                    .findFirst()
                    .orElseThrow();
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo("squall-operator");
            assertThat(binding.getSubjects())
                    .extracting("kind", "name", "namespace")
                    .containsExactly(tuple("ServiceAccount", "squall-operator", NS));
        }
        assertThat(envValue(operatorContainer(chart), "SQUALL_WATCH_NAMESPACES"))
                .isEqualTo("team-a,team-b");
    }

    @Test
    void namespacedScopeWithoutWatchedNamespacesIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RenderedChart.render("squall", NS, Map.of("rbac.scope", "namespaced")))
                .hasMessageContaining("rbac.scope=namespaced needs watchNamespaces");
    }

    @Test
    void unknownRbacScopeOrLogFormatIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> RenderedChart.render("squall", NS, Map.of("rbac.scope", "cluster-wide")))
                .hasMessageContaining("rbac.scope")
                .hasMessageContaining("cluster-wide");
        assertThatThrownBy(() -> RenderedChart.render("squall", NS, Map.of("log.format", "xml")))
                .hasMessageContaining("log.format")
                .hasMessageContaining("xml");
    }

    @Test
    void rbacAndServiceAccountCanBeLeftToTheUser() {
        RenderedChart chart = RenderedChart.render(
                "squall",
                NS,
                Map.of(
                        "rbac.create",
                        "false",
                        "serviceAccount.create",
                        "false",
                        "serviceAccount.name",
                        "platform-ops"));

        // the inquiry webhook's configuration and Service stay: they are not RBAC
        assertThat(chart.objects())
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("Deployment", "Service", "Service", "MutatingWebhookConfiguration");
        assertThat(chart.one(Deployment.class, "squall-operator")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getServiceAccountName())
                .isEqualTo("platform-ops");
    }

    @Test
    void sensorServiceAccountIsMadeInEachSensorNamespaceWithOnlyALeaseAndReadingEvents() {
        RenderedChart chart = RenderedChart.render(
                "squall",
                NS,
                Map.of(
                        "sensor.serviceAccount.namespaces[0]",
                        "apps",
                        "sensor.serviceAccount.namespaces[1]",
                        "monitoring"));

        for (String namespace : new String[] {"apps", "monitoring"}) {
            ServiceAccount account = inNamespace(chart.all(ServiceAccount.class), namespace);
            assertThat(account.getMetadata().getName()).isEqualTo("squall-sensor");
            assertThat(account.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "sensor");
            Role role = inNamespace(chart.all(Role.class), namespace);
            assertThat(role.getMetadata().getName()).isEqualTo("squall-sensor");
            assertThat(OperatorPermissions.grantsOf(role.getRules()))
                    .as("sensor Role in %s", namespace)
                    .containsExactlyElementsOf(OperatorPermissions.sensorGrants());
            assertThat(role.getRules())
                    .allSatisfy(rule -> assertThat(rule.getResourceNames()).isNullOrEmpty());
            RoleBinding binding = inNamespace(chart.all(RoleBinding.class), namespace);
            assertThat(binding.getRoleRef()).extracting("kind", "name").containsExactly("Role", "squall-sensor");
            assertThat(binding.getSubjects())
                    .extracting("kind", "name", "namespace")
                    .containsExactly(tuple("ServiceAccount", "squall-sensor", namespace));
        }
        // the operator itself gets no right to make ServiceAccounts or RoleBindings for sensors
        assertThat(OperatorPermissions.grantsOf(
                        chart.one(ClusterRole.class, "squall-operator").getRules()))
                .containsExactlyElementsOf(OperatorPermissions.workloadGrants());
        assertThat(envValue(operatorContainer(chart), "SQUALL_SENSORS_SERVICE_ACCOUNT"))
                .isEqualTo("squall-sensor");
    }

    @Test
    void sensorServiceAccountDefaultsToTheWatchedNamespacesAndCanBeLeftToTheUser() {
        RenderedChart watched = RenderedChart.render("squall", NS, Map.of("watchNamespaces[0]", "team-a"));
        assertThat(watched.all(ServiceAccount.class))
                .extracting(a -> a.getMetadata().getName(), a -> a.getMetadata().getNamespace())
                .containsExactlyInAnyOrder(tuple("squall-operator", NS), tuple("squall-sensor", "team-a"));

        RenderedChart none = RenderedChart.render(
                "squall",
                NS,
                Map.of(
                        "watchNamespaces[0]",
                        "team-a",
                        "sensor.serviceAccount.create",
                        "false",
                        "sensor.serviceAccount.name",
                        "platform-sensors"));
        assertThat(none.all(ServiceAccount.class))
                .extracting(a -> a.getMetadata().getName())
                .containsExactly("squall-operator");
        assertThat(none.all(Role.class))
                .noneMatch(r -> r.getMetadata().getName().contains("sensor"));
        assertThat(envValue(operatorContainer(none), "SQUALL_SENSORS_SERVICE_ACCOUNT"))
                .isEqualTo("platform-sensors");
    }

    @Test
    void ingressForWebhookSensorsIsOffByDefaultAndWhenOnTheOperatorMayManageIngresses() {
        Container defaults = operatorContainer(renderDefaults());
        assertThat(envValue(defaults, "SQUALL_SENSORS_INGRESS_ENABLED")).isEqualTo("false");
        assertThat(env(defaults))
                .doesNotContainKeys(
                        "SQUALL_SENSORS_INGRESS_CLASS_NAME",
                        "SQUALL_SENSORS_INGRESS_HOST",
                        "SQUALL_SENSORS_INGRESS_TLS_SECRET",
                        "SQUALL_SENSORS_INGRESS_ANNOTATIONS",
                        "SQUALL_SENSORS_NATS_URL");

        RenderedChart chart = RenderedChart.render(
                "squall",
                NS,
                Map.of(
                        "ingress.enabled", "true",
                        "ingress.className", "nginx",
                        "ingress.host", "hooks.example.com",
                        "ingress.tls.secretName", "hooks-tls",
                        "ingress.annotations.cert-manager\\.io/cluster-issuer", "letsencrypt",
                        "sensor.natsUrl", "nats://nats.messaging.svc:4222"));
        Container container = operatorContainer(chart);
        assertThat(envValue(container, "SQUALL_SENSORS_INGRESS_ENABLED")).isEqualTo("true");
        assertThat(envValue(container, "SQUALL_SENSORS_INGRESS_CLASS_NAME")).isEqualTo("nginx");
        assertThat(envValue(container, "SQUALL_SENSORS_INGRESS_HOST")).isEqualTo("hooks.example.com");
        assertThat(envValue(container, "SQUALL_SENSORS_INGRESS_TLS_SECRET")).isEqualTo("hooks-tls");
        assertThat(envValue(container, "SQUALL_SENSORS_INGRESS_ANNOTATIONS"))
                .isEqualTo("{\"cert-manager.io/cluster-issuer\":\"letsencrypt\"}");
        assertThat(envValue(container, "SQUALL_SENSORS_NATS_URL")).isEqualTo("nats://nats.messaging.svc:4222");

        java.util.Set<String> expected = new java.util.TreeSet<>(OperatorPermissions.workloadGrants());
        expected.addAll(OperatorPermissions.ingressGrants());
        assertThat(OperatorPermissions.grantsOf(
                        chart.one(ClusterRole.class, "squall-operator").getRules()))
                .containsExactlyElementsOf(expected);
    }

    private static <T extends HasMetadata> T inNamespace(java.util.List<T> objects, String namespace) {
        return objects.stream()
                .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
                .reduce((a, b) -> {
                    throw new IllegalStateException("two " + a.getKind() + " in " + namespace);
                })
                .orElseThrow();
    }

    @Test
    void operatorPodIsLockedDown() {
        RenderedChart chart = renderDefaults();
        PodSpec pod = chart.one(Deployment.class, "squall-operator")
                .getSpec()
                .getTemplate()
                .getSpec();
        Container container = operatorContainer(chart);

        assertThat(pod.getServiceAccountName()).isEqualTo("squall-operator");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        // a read-only root filesystem needs somewhere to write temporary files
        assertThat(container.getVolumeMounts()).extracting("name", "mountPath").contains(tuple("tmp", "/tmp"));
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("tmp");
            assertThat(v.getEmptyDir()).isNotNull();
        });
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void probesAndMetricsUseQuarkusEndpointsOnPort8080() {
        RenderedChart chart = renderDefaults();
        Deployment deployment = chart.one(Deployment.class, "squall-operator");
        Container container = operatorContainer(chart);

        assertThat(container.getPorts())
                .extracting("name", "containerPort")
                .containsExactly(tuple("http", 8080), tuple("inquiry-webhook", 8443));
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("http");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("http");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsAllEntriesOf(Map.of(
                        "prometheus.io/scrape", "true",
                        "prometheus.io/path", "/q/metrics",
                        "prometheus.io/port", "8080"));

        Service service = chart.one(Service.class, "squall-operator");
        assertThat(service.getSpec().getPorts()).extracting("name", "port").containsExactly(tuple("http", 8080));
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.copyOf(
                        deployment.getSpec().getTemplate().getMetadata().getLabels()));
    }

    @Test
    void defaultsGiveTheOperatorItsEnvironment() {
        Container container = operatorContainer(renderDefaults());

        assertThat(container.getImage()).isEqualTo("ghcr.io/squall-io/squall-operator:0.1.0");
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(env(container)
                        .get("POD_NAMESPACE")
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(envValue(container, "SQUALL_NATS_URL")).isEqualTo("nats://nats:4222");
        assertThat(envValue(container, "SQUALL_WATCH_NAMESPACES")).isEmpty();
        assertThat(envValue(container, "SQUALL_RUNNER_IMAGE")).isEqualTo("ghcr.io/squall-io/squall-runner:0.1.0");
        assertThat(envValue(container, "SQUALL_RUNNER_TYPES")).isEqualTo("shell,script,http,python,noop,kubernetes");
        assertThat(envValue(container, "SQUALL_SENSORS_IMAGE")).isEqualTo("ghcr.io/squall-io/squall-sensors:0.1.0");
        assertThat(envValue(container, "QUARKUS_LOG_CONSOLE_JSON")).isEqualTo("true");
        assertThat(envValue(container, "SQUALL_JETSTREAM_MAX_AGE")).isEqualTo("168h");
        assertThat(envValue(container, "SQUALL_JETSTREAM_MAX_BYTES")).isEqualTo("1073741824");
        assertThat(envValue(container, "SQUALL_JETSTREAM_REPLICAS")).isEqualTo("1");
        assertThat(envValue(container, "SQUALL_JETSTREAM_DUPLICATE_WINDOW")).isEqualTo("2m");
        assertThat(envValue(container, "SQUALL_EXECUTIONS_HISTORY_TTL")).isEqualTo("168h");
        assertThat(envValue(container, "SQUALL_RULES_MAX_CONCURRENCY")).isEqualTo("16");
        assertThat(envValue(container, "SQUALL_RULES_BATCH_SIZE")).isEqualTo("64");
        assertThat(envValue(container, "SQUALL_RULES_ACK_WAIT")).isEqualTo("30s");
        assertThat(envValue(container, "SQUALL_RULES_STATUS_FLUSH_INTERVAL")).isEqualTo("5s");
        assertThat(envValue(container, "SQUALL_EXECUTIONS_HISTORY_COUNT")).isEqualTo("1000");
        assertThat(envValue(container, "SQUALL_DATASTORE_HISTORY")).isEqualTo("5");
        assertThat(env(container)).doesNotContainKey("SQUALL_DATASTORE_TTL");
        // no Secret configured: no credential variables at all
        assertThat(env(container))
                .doesNotContainKeys(
                        "SQUALL_NATS_USER", "SQUALL_NATS_PASSWORD", "SQUALL_NATS_TOKEN", "SQUALL_NATS_CREDS_FILE");
    }

    @Test
    void valuesFlowIntoTheOperatorDeployment() {
        RenderedChart chart = RenderedChart.render(
                "squall",
                NS,
                Map.ofEntries(
                        Map.entry("operator.image.repository", "registry.local/squall/operator"),
                        Map.entry("operator.image.tag", "1.2.3"),
                        Map.entry("operator.image.pullPolicy", "Always"),
                        Map.entry("operator.replicas", "2"),
                        Map.entry("runner.image.repository", "registry.local/squall/runner"),
                        Map.entry("runner.image.tag", "r7"),
                        Map.entry("runner.types[0]", "shell"),
                        Map.entry("runner.types[1]", "noop"),
                        Map.entry("sensor.image.repository", "registry.local/squall/sensors"),
                        Map.entry("sensor.image.tag", "s9"),
                        Map.entry("nats.url", "nats://nats.messaging:4222"),
                        Map.entry("nats.stream.maxAge", "24h"),
                        Map.entry("nats.stream.replicas", "3"),
                        Map.entry("log.format", "text"),
                        Map.entry("watchNamespaces[0]", "prod"),
                        Map.entry("watchNamespaces[1]", "staging"),
                        Map.entry("history.maxCount", "50"),
                        Map.entry("rules.maxConcurrency", "32"),
                        Map.entry("rules.statusFlushInterval", "10s"),
                        Map.entry("datastore.ttl", "720h"),
                        Map.entry("operator.nodeSelector.kubernetes\\.io/os", "linux")));
        Deployment deployment = chart.one(Deployment.class, "squall-operator");
        Container container = operatorContainer(chart);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector())
                .containsExactly(Map.entry("kubernetes.io/os", "linux"));
        assertThat(container.getImage()).isEqualTo("registry.local/squall/operator:1.2.3");
        assertThat(container.getImagePullPolicy()).isEqualTo("Always");
        assertThat(envValue(container, "SQUALL_RUNNER_IMAGE")).isEqualTo("registry.local/squall/runner:r7");
        assertThat(envValue(container, "SQUALL_RUNNER_TYPES")).isEqualTo("shell,noop");
        assertThat(envValue(container, "SQUALL_SENSORS_IMAGE")).isEqualTo("registry.local/squall/sensors:s9");
        assertThat(envValue(container, "SQUALL_NATS_URL")).isEqualTo("nats://nats.messaging:4222");
        assertThat(envValue(container, "SQUALL_JETSTREAM_MAX_AGE")).isEqualTo("24h");
        assertThat(envValue(container, "SQUALL_JETSTREAM_REPLICAS")).isEqualTo("3");
        assertThat(envValue(container, "QUARKUS_LOG_CONSOLE_JSON")).isEqualTo("false");
        assertThat(envValue(container, "SQUALL_WATCH_NAMESPACES")).isEqualTo("prod,staging");
        assertThat(envValue(container, "SQUALL_EXECUTIONS_HISTORY_COUNT")).isEqualTo("50");
        assertThat(envValue(container, "SQUALL_RULES_MAX_CONCURRENCY")).isEqualTo("32");
        assertThat(envValue(container, "SQUALL_RULES_STATUS_FLUSH_INTERVAL")).isEqualTo("10s");
        assertThat(envValue(container, "SQUALL_DATASTORE_TTL")).isEqualTo("720h");
    }

    @Test
    void natsCredentialsComeFromTheSecretAndAreOptionalPerKey() {
        RenderedChart chart = RenderedChart.render(
                "squall",
                NS,
                Map.of(
                        "nats.auth.secretName", "nats-auth",
                        "nats.auth.credsKey", "operator.creds"));
        PodSpec pod = chart.one(Deployment.class, "squall-operator")
                .getSpec()
                .getTemplate()
                .getSpec();
        Container container = operatorContainer(chart);

        Map<String, EnvVar> env = env(container);
        assertThat(Stream.of("SQUALL_NATS_USER", "SQUALL_NATS_PASSWORD", "SQUALL_NATS_TOKEN")
                        .map(name -> env.get(name).getValueFrom().getSecretKeyRef()))
                .extracting("name", "key", "optional")
                .containsExactly(
                        tuple("nats-auth", "user", true),
                        tuple("nats-auth", "password", true),
                        tuple("nats-auth", "token", true));
        assertThat(envValue(container, "SQUALL_NATS_CREDS_FILE")).isEqualTo("/etc/squall/nats/nats.creds");
        assertThat(container.getVolumeMounts())
                .extracting("name", "mountPath", "readOnly")
                .contains(tuple("nats-creds", "/etc/squall/nats", true));
        var secretVolume = pod.getVolumes().stream()
                .filter(v -> v.getName().equals("nats-creds"))
                .findFirst()
                .orElseThrow()
                .getSecret();
        assertThat(secretVolume.getSecretName()).isEqualTo("nats-auth");
        assertThat(secretVolume.getItems())
                .extracting("key", "path")
                .containsExactly(tuple("operator.creds", "nats.creds"));
    }

    @Test
    void chartCrdsAreTheGeneratedCrdsByteForByte() throws IOException {
        Path generated = SquallRepository.crds();
        Path chartCopy = SquallRepository.chart().resolve("crds");

        assertThat(fileNames(chartCopy)).as("files in helm/squall/crds/").isEqualTo(fileNames(generated));
        for (String name : fileNames(generated)) {
            assertThat(Files.readAllBytes(chartCopy.resolve(name)))
                    .as("helm/squall/crds/%s is stale: copy crds/%s over it", name, name)
                    .isEqualTo(Files.readAllBytes(generated.resolve(name)));
        }
    }

    private static java.util.SortedSet<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }
}
