package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/squall doctor} (issue #12) against a real kube-apiserver, with the real kubectl on the PATH: it says
 * what is missing (CRDs not installed, CRDs that differ from crds/, no operator, an operator that is not ready, an
 * API server that does not answer, an old Java), each with the command that fixes it, and exits 1 until nothing is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SquallDoctorTest {

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    private static final Duration RUN = Duration.ofMinutes(2);
    private static final String FIX_CRDS = "fix: kubectl apply -f " + SquallRepository.crds() + "/";

    @TempDir
    static Path work;

    private static Path bin;

    @BeforeAll
    static void kubectlOnThePath() throws IOException {
        bin = Files.createDirectories(work.resolve("bin"));
        Files.createSymbolicLink(
                bin.resolve("kubectl"), apiServer.kubectlBinary().toAbsolutePath());
    }

    /** bin/squall doctor as a user on this machine runs it, with the test's API server as the current cluster. */
    private static Scripts.Result doctor(Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("HOME", work.resolve("home").toString()); // no ~/.kube/config of the machine
        all.put("KUBECONFIG", apiServer.kubeconfig().toString());
        all.put("PATH", bin + ":" + System.getenv("PATH"));
        all.put("SQUALL_DEV_STATE_DIR", work.resolve("no-squall-dev").toString());
        all.put("SQUALL_OPERATOR_URL", null);
        all.putAll(env);
        return Scripts.run(
                List.of("bash", SquallRepository.root().resolve("bin/squall").toString(), "doctor"), all, RUN);
    }

    private static Scripts.Result doctor() {
        return doctor(Map.of());
    }

    private static void kubectlApply(Path file) {
        apiServer.kubectl("apply", "-f", file.toString()).requireSuccess();
    }

    @Test
    @Order(1)
    void withoutCrdsItSaysToApplyThem() {
        Scripts.Result result = doctor();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("  ok    Java 17+        ")
                .contains("  ok    nats-server     ")
                .contains("  ok    kubectl         " + bin.resolve("kubectl"))
                .contains("  ok    reachable       " + apiServer.masterUrl().replaceAll("/$", ""))
                .contains(
                        "  FAIL  CRDs            not installed: actions.squall.io executions.squall.io rules.squall.io "
                                + "sensors.squall.io workflows.squall.io")
                .contains(FIX_CRDS)
                .contains("Something is missing: run the fix commands above, then bin/squall doctor again.");
    }

    @Test
    @Order(2)
    void crdsAppliedAsItSaysAreCurrent() {
        kubectlApply(SquallRepository.crds());

        assertThat(doctor().output())
                .contains("  ok    CRDs            5 installed, the same as crds/")
                .doesNotContain(FIX_CRDS);
    }

    @Test
    @Order(3)
    void aCrdThatDiffersFromTheCheckoutIsNamed() throws IOException {
        String current = Files.readString(SquallRepository.crds().resolve("actions.squall.io-v1.yml"));
        assertThat(current).contains("retryOn:");
        kubectlApply(Files.writeString(work.resolve("older-actions.yml"), current.replace("retryOn:", "retryWhen:")));
        try {
            Scripts.Result result = doctor();
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.output())
                    .contains(
                            "  FAIL  CRDs            installed but not the same as crds/ in this checkout (schema, versions "
                                    + "or subresources): actions.squall.io")
                    .contains(FIX_CRDS);
        } finally {
            kubectlApply(SquallRepository.crds());
        }
    }

    @Test
    @Order(4)
    void theOperatorIsFoundByItsDeploymentAndItsReadyReplicas() {
        assertThat(doctor().output())
                .contains("  FAIL  operator        no operator Deployment in the cluster")
                .contains("fix: helm install squall " + SquallRepository.chart() + " -n squall --create-namespace");

        apiServer.kubectl("create", "namespace", "squall").requireSuccess();
        Deployment deployment = apiServer
                .client()
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("squall-operator")
                        .withNamespace("squall")
                        .withLabels(Map.of(
                                "app.kubernetes.io/part-of", "squall", "app.kubernetes.io/component", "operator"))
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withNewSelector()
                        .withMatchLabels(Map.of("app", "op"))
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(Map.of("app", "op"))
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("operator")
                        .withImage("squall/operator")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        Scripts.Result notReady = doctor();
        assertThat(notReady.output())
                .contains("  FAIL  operator        Deployment squall/squall-operator: 0/1 ready")
                .contains("fix: kubectl -n squall describe deployment squall-operator; "
                        + "kubectl -n squall logs deployment/squall-operator");
        assertThat(notReady.exitCode()).isEqualTo(1);

        // no controller manager here: play the Deployment controller's part
        deployment.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withReplicas(1)
                .withReadyReplicas(1)
                .withAvailableReplicas(1)
                .build());
        apiServer.client().resource(deployment).updateStatus();
        Scripts.Result ready = doctor();
        assertThat(ready.output())
                .contains("  ok    operator        Deployment squall/squall-operator: 1/1 ready")
                .contains("Nothing is missing.");
        assertThat(ready.exitCode()).as(ready.output()).isZero();
    }

    @Test
    @Order(5)
    void anOperatorUrlIsAskedForItsReadiness() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String[] answer = {
            "503",
            "{\n  \"status\": \"DOWN\",\n  \"checks\": [\n    {\n      \"name\": \"NATS\",\n"
                    + "      \"status\": \"DOWN\"\n    },\n    {\"name\": \"Controllers\", \"status\": \"UP\"}\n  ]\n}"
        };
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(doctor(Map.of("SQUALL_OPERATOR_URL", url)).output())
                    .contains("  FAIL  operator        " + url + "/q/health/ready answers 503: not ready (DOWN: NATS)");

            answer[0] = "200";
            answer[1] = "{\"status\": \"UP\", \"checks\": []}";
            assertThat(doctor(Map.of("SQUALL_OPERATOR_URL", url)).output())
                    .contains("  ok    operator        " + url + "/q/health/ready: UP");
        } finally {
            server.stop(0);
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(doctor(Map.of("SQUALL_OPERATOR_URL", "http://127.0.0.1:" + closed))
                        .output())
                .contains("  FAIL  operator        nothing answers at http://127.0.0.1:" + closed + "/q/health/ready")
                .contains("fix: start it: bin/squall-dev (local)");
    }

    @Test
    @Order(6)
    void anApiServerThatDoesNotAnswerIsSaidSoAndNothingElseIsAsked() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String kubeconfig = Files.readString(apiServer.kubeconfig())
                .replaceAll("server: *\\S+", "server: https://127.0.0.1:" + closed);
        Path gone = Files.writeString(work.resolve("gone.kubeconfig"), kubeconfig);

        Scripts.Result result = doctor(Map.of("KUBECONFIG", gone.toString()));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output())
                .contains("  FAIL  reachable       https://127.0.0.1:" + closed)
                .contains("does not answer")
                .contains(
                        "fix: start it (bin/squall-dev for a local one), or export KUBECONFIG=<a kubeconfig whose cluster runs>")
                .doesNotContain(" CRDs ");
    }

    @Test
    @Order(7)
    void anOldJavaIsNamedWithTheCommandThatInstallsJava17() throws IOException {
        Path jdk = Files.createDirectories(work.resolve("jdk-11/bin"));
        Path java = Files.writeString(jdk.resolve("java"), """
            #!/bin/sh
            echo 'openjdk version "11.0.21" 2023-10-17' >&2
            """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Scripts.Result result = doctor(Map.of("JAVA_HOME", jdk.getParent().toString()));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output())
                .contains("  FAIL  Java 17+        " + java + " is Java 11")
                .contains("fix: apt-get install -y openjdk-17-jdk-headless, then export JAVA_HOME=");
    }
}
