package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.KubernetesActionSpec;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.runner.ActionConfigException;
import io.squall.runner.ActionOutcome;
import io.squall.runner.Cancellation;
import io.squall.runner.RunContext;
import io.squall.runner.RunnerConfig;
import io.squall.runner.datastore.RunnerDatastore;
import io.squall.runner.kubernetes.InClusterAccess;
import io.squall.runner.kubernetes.KubernetesRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kubernetes runner as it runs in a runner pod: the in-cluster files of a ServiceAccount (a real token from the
 * TokenRequest API, the API server's CA) and KUBERNETES_SERVICE_HOST/PORT, against a real kube-apiserver whose RBAC
 * grants that account only what the actions need. What RBAC does not grant fails with the API server's 403.
 */
class KubernetesRunnerOnRealApiServerTest {
    private static final String NAMESPACE = "shop";
    private static final String ACCOUNT = "scaler";

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    static KubernetesRunner runner;

    @BeforeAll
    static void setUp() throws Exception {
        KubernetesClient admin = apiServer.client();
        admin.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        admin.resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(ACCOUNT)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        // what core-k8s-scale-like actions need on `web`, and a ConfigMap to apply and patch; nothing else
        admin.resource(new RoleBuilder()
                        .withNewMetadata()
                        .withName("scale-web")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withRules(
                                new PolicyRuleBuilder()
                                        .withApiGroups("apps")
                                        .withResources("deployments", "deployments/scale")
                                        .withResourceNames("web")
                                        .withVerbs("get", "update", "patch")
                                        .build(),
                                new PolicyRuleBuilder()
                                        .withApiGroups("")
                                        .withResources("configmaps")
                                        .withVerbs("get", "create", "patch")
                                        .build())
                        .build())
                .create();
        admin.resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("scale-web")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "scale-web")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(ACCOUNT)
                        .withNamespace(NAMESPACE)
                        .endSubject()
                        .build())
                .create();
        awaitScaleAllowed(admin, NAMESPACE, ACCOUNT);
        admin.resource(deployment(NAMESPACE, "web", 2)).create();
        admin.resource(deployment(NAMESPACE, "api", 1)).create();

        runner = new KubernetesRunner(
                new InClusterAccess(serviceAccountFiles(admin, NAMESPACE, ACCOUNT), apiServerService()));
    }

    /** The RBAC authorizer reads bindings from a cache: a binding just created may not authorize anything yet. */
    private static void awaitScaleAllowed(KubernetesClient admin, String namespace, String account) {
        await("RBAC in effect")
                .atMost(Duration.ofSeconds(60))
                .until(() -> admin.resource(new SubjectAccessReviewBuilder()
                                .withNewSpec()
                                .withUser("system:serviceaccount:" + namespace + ":" + account)
                                .withNewResourceAttributes()
                                .withGroup("apps")
                                .withResource("deployments")
                                .withSubresource("scale")
                                .withName("web")
                                .withNamespace(namespace)
                                .withVerb("update")
                                .endResourceAttributes()
                                .endSpec()
                                .build())
                        .create()
                        .getStatus()
                        .getAllowed());
    }

    private static Deployment deployment(String namespace, String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** What the kubelet mounts at /var/run/secrets/kubernetes.io/serviceaccount for a pod of the account. */
    private static Path serviceAccountFiles(KubernetesClient admin, String namespace, String account) throws Exception {
        String token = admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(account)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(3600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        var cluster = KubeConfigUtils.parseConfigFromString(Files.readString(apiServer.kubeconfig()))
                .getClusters()
                .get(0)
                .getCluster();
        byte[] ca = cluster.getCertificateAuthorityData() != null
                ? Base64.getDecoder().decode(cluster.getCertificateAuthorityData())
                : Files.readAllBytes(Path.of(cluster.getCertificateAuthority()));
        Path dir = Files.createDirectories(apiServer.workDir().resolve("serviceaccount-" + namespace + "-" + account));
        Files.writeString(dir.resolve("token"), token);
        Files.write(dir.resolve("ca.crt"), ca);
        Files.writeString(dir.resolve("namespace"), namespace);
        return dir;
    }

    /** The kubernetes Service's address, as a pod sees it in its environment. */
    private static Map<String, String> apiServerService() {
        java.net.URI server = java.net.URI.create(apiServer.masterUrl());
        return Map.of(
                "KUBERNETES_SERVICE_HOST",
                server.getHost(),
                "KUBERNETES_SERVICE_PORT",
                String.valueOf(server.getPort()));
    }

    private static ActionOutcome run(KubernetesActionSpec operation) throws Exception {
        return run(operation, 30);
    }

    private static ActionOutcome run(KubernetesActionSpec operation, int timeoutSeconds) throws Exception {
        ActionSpec action = new ActionSpec();
        action.runner = RunnerType.KUBERNETES;
        action.serviceAccountName = ACCOUNT;
        action.kubernetes = operation;
        return run(runner, NAMESPACE, action, timeoutSeconds);
    }

    private static ActionOutcome run(KubernetesRunner runner, String namespace, ActionSpec action, int timeoutSeconds)
            throws Exception {
        ExecutionRequest request = new ExecutionRequest(
                namespace, "scale-1", 1, "core-k8s-scale", action, Map.of(), List.of(), timeoutSeconds);
        RunContext context = new RunContext(
                Duration.ofSeconds(timeoutSeconds),
                null,
                apiServer.workDir(),
                Map.of(),
                Optional.empty(),
                64 * 1024,
                new Cancellation(),
                RunnerDatastore.from(RunnerConfig.from(Map.of(), new String[] {"unused-request.json"})));
        return runner.run(request, context);
    }

    private static KubernetesActionSpec op(
            KubernetesActionSpec.Operation operation, String apiVersion, String kind, String name) {
        KubernetesActionSpec spec = new KubernetesActionSpec();
        spec.operation = operation;
        spec.apiVersion = apiVersion;
        spec.kind = kind;
        spec.name = name;
        return spec;
    }

    private static KubernetesActionSpec scale(String name, String replicas) {
        KubernetesActionSpec spec = op(KubernetesActionSpec.Operation.SCALE, "apps/v1", "Deployment", name);
        spec.replicas = replicas;
        return spec;
    }

    private static int replicasOf(String name) {
        return apiServer
                .client()
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(name)
                .get()
                .getSpec()
                .getReplicas();
    }

    @Test
    void scaleChangesTheDeploymentThroughItsScaleSubresourceAsTheActionsAccount() throws Exception {
        ActionOutcome out = run(scale("web", "+3"));
        assertThat(out.outcome()).as(out.error()).isEqualTo(Outcome.succeeded);
        int before = out.result().get("previousReplicas").asInt();
        assertThat(out.result().get("replicas").asInt()).isEqualTo(before + 3);
        assertThat(out.result())
                .isEqualTo(Json.mapper()
                        .readTree("{\"apiVersion\": \"apps/v1\", \"kind\": "
                                + "\"Deployment\", \"namespace\": \"shop\", \"name\": \"web\", \"replicas\": "
                                + (before + 3)
                                + ", \"previousReplicas\": " + before + "}"));
        assertThat(replicasOf("web")).isEqualTo(before + 3);

        ActionOutcome absolute = run(scale("web", "2"));
        assertThat(absolute.result().get("replicas").asInt()).isEqualTo(2);
        assertThat(replicasOf("web")).isEqualTo(2);

        ActionOutcome belowZero = run(scale("web", "-5"));
        assertThat(belowZero.outcome()).isEqualTo(Outcome.failed);
        assertThat(belowZero.error()).isEqualTo("scale Deployment shop/web: 2 -5 would be -3 replicas");
        assertThat(replicasOf("web")).isEqualTo(2);
    }

    @Test
    void concurrentRelativeScalesAllLand() throws Exception {
        apiServer
                .client()
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("web")
                .scale(2);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<ActionOutcome>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> run(scale("web", "+1"))));
            }
            for (var run : runs) {
                ActionOutcome out = run.get();
                assertThat(out.outcome()).as(out.error()).isEqualTo(Outcome.succeeded);
            }
        } finally {
            pool.shutdownNow();
        }
        // each +1 was written with the resourceVersion it was computed from; a lost race (409) is recomputed
        assertThat(replicasOf("web")).isEqualTo(6);
    }

    /**
     * packs/core's core-k8s-scale, rendered as the operator renders it, with packs/core/k8s-scaler.yaml applied by
     * kubectl: the pack's Role is enough to scale and grants nothing more (not even reading the Deployment).
     */
    @Test
    void coreK8sScaleWorksWithThePacksOwnRbacAndNothingMore() throws Exception {
        String namespace = "pack";
        apiServer.kubectl("create", "namespace", namespace).requireSuccess();
        apiServer
                .kubectl(
                        "apply",
                        "-n",
                        namespace,
                        "-f",
                        SquallRepository.packs().resolve("core/k8s-scaler.yaml").toString())
                .requireSuccess();
        KubernetesClient admin = apiServer.client();
        admin.resource(deployment(namespace, "web", 2)).create();
        awaitScaleAllowed(admin, namespace, "squall-k8s-scaler");
        // as bin/squall-dev's local kubelet hands a pod its token files: SQUALL_SERVICE_ACCOUNT_DIR names them
        Map<String, String> podEnvironment = new java.util.HashMap<>(apiServerService());
        podEnvironment.put(
                InClusterAccess.SERVICE_ACCOUNT_DIR_ENV,
                serviceAccountFiles(admin, namespace, "squall-k8s-scaler").toString());
        KubernetesRunner packRunner = new KubernetesRunner(InClusterAccess.fromEnvironment(podEnvironment));
        io.squall.api.v1alpha1.Action coreScale = java.util.Arrays.stream(
                        Files.readString(SquallRepository.packs().resolve("core/actions.yaml"))
                                .split("\n---\n"))
                .map(doc -> admin.getKubernetesSerialization().unmarshal(doc, io.squall.api.v1alpha1.Action.class))
                .filter(a -> a.getMetadata().getName().equals("core-k8s-scale"))
                .findFirst()
                .orElseThrow();
        Map<String, JsonNode> parameters = new java.util.HashMap<>();
        coreScale.getSpec().parameters.forEach((name, spec) -> {
            if (spec.defaultValue != null) {
                parameters.put(name, spec.defaultValue);
            }
        });
        parameters.put("name", Json.mapper().getNodeFactory().textNode("web"));
        parameters.put("replicas", Json.mapper().getNodeFactory().textNode("+2"));
        ActionSpec rendered = io.squall.operator.execution.ActionTemplates.render(
                coreScale.getSpec(),
                parameters,
                new io.squall.engine.template.TemplateRenderer(),
                io.squall.engine.template.KvLookup.EMPTY);

        ActionOutcome scaled = run(packRunner, namespace, rendered, 30);
        assertThat(scaled.outcome()).as(scaled.error()).isEqualTo(Outcome.succeeded);
        assertThat(scaled.result().get("replicas").asInt()).isEqualTo(4);
        assertThat(admin.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("web")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(4);

        KubernetesActionSpec get = op(KubernetesActionSpec.Operation.GET, "apps/v1", "Deployment", "web");
        rendered.kubernetes = get;
        assertThat(run(packRunner, namespace, rendered, 30).error())
                .contains("403 Forbidden")
                .contains("User \"system:serviceaccount:pack:squall-k8s-scaler\" cannot get resource \"deployments\"");
    }

    /**
     * The runner jar as the Job runs it (its lib/ class path, the request file, no NATS: the result on stdout), with the
     * pod environment the local kubelet gives it: Fabric8 and its HTTP client load, and the action is the account's.
     */
    @Test
    void theRunnerJarScalesAsTheAccountFromItsPodEnvironment() throws Exception {
        Path jar = SquallRepository.root().resolve("runner-image/target/squall-runner.jar");
        assertThat(jar).as("built by mvn package of runner-image").exists();
        apiServer
                .client()
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("web")
                .scale(2);
        ActionSpec action = new ActionSpec();
        action.runner = RunnerType.KUBERNETES;
        action.serviceAccountName = ACCOUNT;
        action.kubernetes = scale("web", "+1");
        Path requestFile = Files.writeString(
                apiServer.workDir().resolve("request.json"),
                Json.mapper()
                        .writeValueAsString(new ExecutionRequest(
                                NAMESPACE, "scale-jar", 1, "core-k8s-scale", action, Map.of(), List.of(), 60)));
        ProcessBuilder process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        requestFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        process.environment().keySet().removeIf(name -> name.startsWith("SQUALL_") || name.equals("KUBECONFIG"));
        process.environment().putAll(apiServerService());
        process.environment()
                .put(
                        InClusterAccess.SERVICE_ACCOUNT_DIR_ENV,
                        serviceAccountFiles(apiServer.client(), NAMESPACE, ACCOUNT)
                                .toString());
        Process runnerJvm = process.start();
        String stdout = new String(runnerJvm.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(runnerJvm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(runnerJvm.exitValue()).as(stdout).isZero();
        JsonNode result = Json.mapper().readTree(stdout);
        assertThat(result.path("outcome").asText()).as(stdout).isEqualTo("succeeded");
        assertThat(result.at("/result/replicas").asInt()).as(stdout).isEqualTo(3);
        assertThat(replicasOf("web")).isEqualTo(3);
    }

    @Test
    void getReturnsTheObjectWithoutManagedFields() throws Exception {
        ActionOutcome out = run(op(KubernetesActionSpec.Operation.GET, "apps/v1", "Deployment", "web"));
        assertThat(out.outcome()).as(out.error()).isEqualTo(Outcome.succeeded);
        assertThat(out.result().at("/kind").asText()).isEqualTo("Deployment");
        assertThat(out.result().at("/metadata/name").asText()).isEqualTo("web");
        assertThat(out.result().at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("nginx");
        assertThat(out.result().get("metadata").has("managedFields")).isFalse();
    }

    @Test
    void whatRbacDoesNotGrantFailsWithTheApiServersForbiddenMessage() throws Exception {
        ActionOutcome delete = run(op(KubernetesActionSpec.Operation.DELETE, "apps/v1", "Deployment", "web"));
        assertThat(delete.outcome()).isEqualTo(Outcome.failed);
        assertThat(delete.result().get("status_code").asInt()).isEqualTo(403);
        assertThat(delete.result().get("reason").asText()).isEqualTo("Forbidden");
        assertThat(delete.error())
                .isEqualTo("delete Deployment shop/web failed: 403 Forbidden: deployments.apps \"web\" "
                        + "is forbidden: User \"system:serviceaccount:shop:scaler\" cannot delete resource \"deployments\" in "
                        + "API group \"apps\" in the namespace \"shop\"");
        assertThat(apiServer
                        .client()
                        .apps()
                        .deployments()
                        .inNamespace(NAMESPACE)
                        .withName("web")
                        .get())
                .isNotNull();

        ActionOutcome otherDeployment = run(scale("api", "5"));
        assertThat(otherDeployment.outcome()).isEqualTo(Outcome.failed);
        assertThat(otherDeployment.error())
                .contains("403 Forbidden: deployments.apps \"api\" is forbidden: User "
                        + "\"system:serviceaccount:shop:scaler\" cannot get resource \"deployments/scale\"");
        assertThat(replicasOf("api")).isEqualTo(1);

        KubernetesActionSpec elsewhere = op(KubernetesActionSpec.Operation.GET, "v1", "ConfigMap", "kube-root-ca.crt");
        elsewhere.namespace = "default";
        assertThat(run(elsewhere).error()).contains("403 Forbidden").contains("in the namespace \"default\"");
    }

    @Test
    void applyIsServerSideAndPatchAndWaitWorkOnTheResult() throws Exception {
        KubernetesActionSpec apply = new KubernetesActionSpec();
        apply.operation = KubernetesActionSpec.Operation.APPLY;
        apply.manifest = """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: asg-web}
                        data: {min_nodes: "2"}
                        """;
        ActionOutcome applied = run(apply);
        assertThat(applied.outcome()).as(applied.error()).isEqualTo(Outcome.succeeded);
        assertThat(applied.result().at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
        ConfigMap stored = apiServer
                .client()
                .configMaps()
                .inNamespace(NAMESPACE)
                .withName("asg-web")
                .get();
        assertThat(stored.getData()).containsEntry("min_nodes", "2");
        assertThat(stored.getMetadata().getManagedFields()).anySatisfy(field -> {
            assertThat(field.getManager()).isEqualTo("squall");
            assertThat(field.getOperation()).isEqualTo("Apply");
        });

        KubernetesActionSpec patch = op(KubernetesActionSpec.Operation.PATCH, "v1", "ConfigMap", "asg-web");
        patch.patch = "data: {max_nodes: \"8\"}";
        ActionOutcome patched = run(patch);
        assertThat(patched.outcome()).as(patched.error()).isEqualTo(Outcome.succeeded);
        assertThat(patched.result().at("/data/max_nodes").asText()).isEqualTo("8");
        assertThat(patched.result().at("/data/min_nodes").asText()).isEqualTo("2");

        KubernetesActionSpec wait = op(KubernetesActionSpec.Operation.WAIT, "v1", "ConfigMap", "asg-web");
        wait.waitFor = "jsonpath={.data.max_nodes}=8";
        ActionOutcome waited = run(wait);
        assertThat(waited.outcome()).as(waited.error()).isEqualTo(Outcome.succeeded);
        assertThat(waited.result().at("/data/max_nodes").asText()).isEqualTo("8");
    }

    @Test
    void aWaitThatDoesNotHoldFailsAfterItsTimeSayingWhatItSaw() throws Exception {
        // no controller-manager runs here: nothing ever sets the Deployment's Available condition
        KubernetesActionSpec wait = op(KubernetesActionSpec.Operation.WAIT, "apps/v1", "Deployment", "web");
        wait.waitFor = "condition=Available";
        wait.waitSeconds = 2;
        ActionOutcome out = run(wait);
        assertThat(out.outcome()).isEqualTo(Outcome.failed);
        assertThat(out.error())
                .startsWith("wait Deployment shop/web: condition=Available=True did not hold within 2s; "
                        + "last seen: status ");

        wait.waitSeconds = null;
        ActionOutcome timedOut = run(wait, 2);
        assertThat(timedOut.outcome()).isEqualTo(Outcome.timedout);
    }

    @Test
    void aKindTheServerDoesNotServeIsAConfigErrorNamingWhatItServes() {
        assertThatThrownBy(() -> run(op(KubernetesActionSpec.Operation.GET, "apps/v1", "Deploymnt", "web")))
                .isInstanceOf(ActionConfigException.class)
                .hasMessageStartingWith("action.kubernetes.kind 'Deploymnt' is not served by apps/v1 (it serves [")
                .hasMessageContaining("Deployment");
    }

    @Test
    void withoutAServiceAccountTokenTheRunnerRefusesToStart(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertThatThrownBy(() -> new InClusterAccess(empty, apiServerService()).connect(Duration.ofSeconds(5)))
                .isInstanceOf(ActionConfigException.class)
                .hasMessageStartingWith("action.serviceAccountName is required by runner kubernetes: the pod has no "
                        + "service account token");
    }
}
