package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.squall.local.NatsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/squall-dev as a developer runs it (the README's "run Squall" command): the whole stack comes up on a real
 * kube-apiserver; an Execution applied by hand runs its shell Action as a local runner process and Succeeds; the
 * hello example's webhook Sensor runs the sensors program locally, READY 1/1, and a POST with its token becomes a
 * Succeeded Execution through the rules engine; SIGTERM stops every process the stack started. Needs
 * SQUALL_KUBE_API_TEST_DIR like the other tests on a real API server, and the modules built (mvn verify builds
 * them before this one).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalSquallSmokeTest {

    private static final Duration STARTUP = Duration.ofMinutes(5);
    private static final Duration RUN = Duration.ofMinutes(2);
    private static final String RUNNING = "Squall is running";

    @TempDir
    static Path work;

    private static Path state;
    private static Path output;
    private static Process squallDev;
    private static int natsPort;
    private static int operatorPort;
    private static KubernetesClient client;
    private static final HttpClient http = HttpClient.newHttpClient();

    /** Prints what squall-dev and the operator said when a test fails. */
    @RegisterExtension
    static final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("--- squall-dev output ---\n" + read(output));
            System.out.println("--- operator log (end) ---\n" + tail(read(state.resolve("operator.log")), 80));
        }
    };

    @BeforeAll
    static void startSquallDev() throws Exception {
        Path root = SquallRepository.root();
        for (String built : List.of(
                "local/target/squall-local.jar",
                "local/target/lib",
                "operator/target/quarkus-app/quarkus-run.jar",
                "runner-image/target/squall-runner.jar",
                "sensors/target/quarkus-app/quarkus-run.jar")) {
            assertThat(root.resolve(built))
                    .as("%s is built (mvn -B install -DskipTests at the repository root)", built)
                    .exists();
        }
        state = work.resolve("state");
        output = work.resolve("squall-dev.out");
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", root.resolve("bin/squall-dev").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("SQUALL_DEV_STATE_DIR", state.toString());
        // free ports, not 4222/8081: the developer's own stack or a Quarkus test may hold those; from below the
        // ephemeral range (NatsServer.freePort), as the API server's connections take ports there until squall-dev
        // binds
        natsPort = NatsServer.freePort();
        operatorPort = NatsServer.freePort();
        builder.environment().put("SQUALL_DEV_NATS_PORT", Integer.toString(natsPort));
        builder.environment().put("SQUALL_DEV_OPERATOR_PORT", Integer.toString(operatorPort));
        squallDev = builder.start();

        await("squall-dev: " + RUNNING)
                .atMost(STARTUP)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(squallDev.isAlive())
                            .as("squall-dev alive:\n%s", read(output))
                            .isTrue();
                    assertThat(read(output)).contains(RUNNING);
                });
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(state.resolve("kubeconfig"))))
                .build();
    }

    @AfterAll
    static void stopSquallDev() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (squallDev != null && squallDev.isAlive()) {
            List<ProcessHandle> children = squallDev.descendants().toList();
            squallDev.destroy();
            if (!squallDev.waitFor(90, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                squallDev.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void printsHowToUseIt() {
        // the banner's lines follow "Squall is running" one println at a time
        await("the whole banner")
                .atMost(RUN)
                .untilAsserted(() -> assertThat(read(output))
                        .contains("export KUBECONFIG=" + state.toAbsolutePath().resolve("kubeconfig"))
                        .contains("kubectl apply -f packs/examples/hello/")
                        .contains("kubectl get executions"));
        assertThat(state.resolve("kubectl")).isSymbolicLink().isExecutable();
        assertThat(kubectl("get", "namespace", "squall-system", "-o", "name")).isEqualTo("namespace/squall-system");
    }

    @Test
    @Order(2)
    void anExecutionAppliedByHandRunsItsShellActionAndSucceeds() throws Exception {
        Path manifest = Files.writeString(work.resolve("by-hand.yaml"), """
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata:
              name: smoke-echo
              namespace: default
            spec:
              runner: shell
              command: echo "smoke says {{ word }}"
              parameters:
                word:
                  type: string
                  required: true
            ---
            apiVersion: squall.io/v1alpha1
            kind: Execution
            metadata:
              name: smoke-run
              namespace: default
            spec:
              action:
                name: smoke-echo
              parameters:
                word: hello
            """);
        kubectl("apply", "-f", manifest.toString());

        GenericKubernetesResource execution = awaitSucceeded("smoke-run");
        assertThat(stdout(execution)).isEqualTo("smoke says hello");
    }

    @Test
    @Order(2)
    void theExampleWorkflowRunsGreenAsTheReadmeSays() {
        kubectl(
                "apply",
                "-f",
                SquallRepository.examples()
                        .resolve("workflows/stand-in-actions.yaml")
                        .toString(),
                "-f",
                SquallRepository.examples().resolve("autoscale-workflows.yaml").toString());
        String created = kubectl(
                "create",
                "-o",
                "name",
                "-f",
                SquallRepository.examples()
                        .resolve("executions/scale-checkout.yaml")
                        .toString());
        String name = created.substring(created.indexOf('/') + 1);

        GenericKubernetesResource execution = awaitSucceeded(name);
        assertThat(status(execution).get("progress")).isEqualTo("5/6");
        assertThat(kubectl("get", "executions", "-l", "squall.io/parent=" + name, "-o", "name")
                        .lines())
                .hasSize(5);
    }

    @Test
    @Order(3)
    void theHelloExamplesWebhookRunsLocallyAndAPostBecomesASucceededExecution() throws Exception {
        kubectl("apply", "-f", SquallRepository.examples().resolve("hello").toString());

        AtomicReference<String> url = new AtomicReference<>();
        await("sensors.txt names the webhook URL")
                .atMost(RUN)
                .ignoreExceptions()
                .untilAsserted(() -> {
                    Optional<String> line = Files.readAllLines(state.resolve("sensors.txt")).stream()
                            .filter(l -> l.startsWith("sensor default/hello-webhook: POST http://127.0.0.1:"))
                            .findFirst();
                    assertThat(line).isPresent();
                    url.set(line.get().split(" ")[3]);
                });
        assertThat(url.get()).endsWith("/hello");
        assertThat(read(output)).contains("sensor default/hello-webhook: POST " + url.get());
        await("Sensor READY 1/1")
                .atMost(RUN)
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(kubectl("get", "sensor", "hello-webhook", "-o", "jsonpath={.status.ready}"))
                                .isEqualTo("1/1"));

        HttpResponse<String> refused = post(url.get(), "wrong-token", "{\"action\": \"greet\", \"name\": \"Smoke\"}");
        assertThat(refused.statusCode()).isEqualTo(401);
        HttpResponse<String> accepted =
                post(url.get(), "hello-token-change-me", "{\"action\": \"greet\", \"name\": \"Smoke\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        AtomicReference<GenericKubernetesResource> run = new AtomicReference<>();
        await("the rule's Execution").atMost(RUN).ignoreExceptions().untilAsserted(() -> {
            List<GenericKubernetesResource> executions = client.genericKubernetesResources(
                            "squall.io/v1alpha1", "Execution")
                    .inNamespace("default")
                    .withLabel("squall.io/rule", "greet-on-webhook")
                    .list()
                    .getItems();
            assertThat(executions).hasSize(1);
            run.set(executions.get(0));
        });
        GenericKubernetesResource execution =
                awaitSucceeded(run.get().getMetadata().getName());
        assertThat(stdout(execution)).startsWith("Hello, Smoke! (asked by Java-http-client");
    }

    /** Issue 16's bad-input suite (BadInputSuite), on this stack: it shares the servers instead of starting its own. */
    @Test
    @Order(4)
    void hostileInputsBecomeExactExecutionsOrClearRefusalsAndNothingBreaks() throws Exception {
        Path manifest = Files.writeString(work.resolve("bad-input.yaml"), BadInputSuite.manifests());
        kubectl("apply", "-f", manifest.toString());
        AtomicReference<String> url = new AtomicReference<>();
        await("sensors.txt names the bad-input webhook")
                .atMost(RUN)
                .ignoreExceptions()
                .untilAsserted(() -> {
                    Optional<String> line = Files.readAllLines(state.resolve("sensors.txt")).stream()
                            .filter(l -> l.startsWith("sensor default/bad-input: POST http://127.0.0.1:"))
                            .findFirst();
                    assertThat(line).isPresent();
                    url.set(line.get().split(" ")[3]);
                });
        await("Sensor bad-input READY 1/1")
                .atMost(RUN)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(kubectl("get", "sensor", "bad-input", "-o", "jsonpath={.status.ready}"))
                        .isEqualTo("1/1"));
        await("Rule take-every-input Ready")
                .atMost(RUN)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(kubectl(
                                "get",
                                "rule",
                                "take-every-input",
                                "-o",
                                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"))
                        .isEqualTo("True"));

        long started = System.nanoTime();
        List<String> report = new BadInputSuite(client, URI.create(url.get()), "nats://127.0.0.1:" + natsPort).run();
        System.out.println("bad-input suite: " + String.join("; ", report) + " in "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");

        // still healthy: the operator is ready, the sensor Ready, and an ordinary request still goes through
        HttpResponse<String> ready = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operatorPort + "/q/health/ready"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(kubectl("get", "sensor", "bad-input", "-o", "jsonpath={.status.ready}"))
                .isEqualTo("1/1");
        assertThat(squallDev.isAlive()).isTrue();
        HttpResponse<String> ordinary = post(url.get(), BadInputSuite.TOKEN, "{\"value\": \"still fine\"}");
        assertThat(ordinary.statusCode()).as(ordinary.body()).isEqualTo(202);
    }

    @Test
    @Order(5)
    void deletingTheSensorStopsItsLocalProcess() {
        kubectl("delete", "sensor", "hello-webhook");
        await("the sensor process stopped").atMost(RUN).untilAsserted(() -> {
            assertThat(read(output)).contains("squall-dev: stopped: sensor default/hello-webhook");
            assertThat(client.pods()
                            .inNamespace("default")
                            .withLabel("squall.io/sensor", "hello-webhook")
                            .list()
                            .getItems())
                    .isEmpty();
        });
    }

    @Test
    @Order(6)
    void sigtermStopsEverythingItStarted() throws Exception {
        List<ProcessHandle> children = squallDev.descendants().toList();
        assertThat(children)
                .as("kube-apiserver, etcd, nats-server, the operator")
                .hasSizeGreaterThanOrEqualTo(4);

        squallDev.destroy();

        assertThat(squallDev.waitFor(90, TimeUnit.SECONDS))
                .as("squall-dev exits after SIGTERM")
                .isTrue();
        await("every child process gone")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
        // the whole line: "squall-dev: stopped: sensor ..." was printed before
        assertThat(read(output).lines()).contains("squall-dev: stopped");
    }

    // ---- helpers ----

    private static GenericKubernetesResource awaitSucceeded(String name) {
        AtomicReference<GenericKubernetesResource> seen = new AtomicReference<>();
        await("Execution " + name + " Succeeded").atMost(RUN).ignoreExceptions().untilAsserted(() -> {
            GenericKubernetesResource execution = client.genericKubernetesResources("squall.io/v1alpha1", "Execution")
                    .inNamespace("default")
                    .withName(name)
                    .get();
            assertThat(status(execution).get("phase"))
                    .as("status of %s: %s", name, status(execution))
                    .isEqualTo("Succeeded");
            seen.set(execution);
        });
        return seen.get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    private static String stdout(GenericKubernetesResource execution) {
        return ((Map<String, Object>) status(execution).get("result"))
                .get("stdout")
                .toString()
                .strip();
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The kubectl squall-dev linked into its state directory, with its kubeconfig; fails on a non-zero exit. */
    private static String kubectl(String... args) {
        // the discovery cache in the state directory: ~/.kube/cache may hold one of another API server on this port
        List<String> command = new java.util.ArrayList<>(List.of(
                state.resolve("kubectl").toString(),
                "--kubeconfig",
                state.resolve("kubeconfig").toString(),
                "--cache-dir",
                state.resolve("kubectl-cache").toString()));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue())
                    .as("kubectl %s: %s", String.join(" ", args), out)
                    .isZero();
            return out.strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return file != null && Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
