package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import io.squall.local.LocalDeploymentExecutor;
import io.squall.local.LocalDeploymentExecutor.Endpoint;
import io.squall.local.LocalJobExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #11's story end to end on real parts: a real kube-apiserver, a real nats-server, the packaged operator with
 * only the chart's ServiceAccount and RBAC, the sensors program for the pack's webhook Sensor and the runner for every
 * Job (the local kubelet's stand-ins), a local HTTP server standing in for Slack, and a Deployment {@code web} whose
 * scale the pack changes. packs/core and packs/autoscale are applied with the real kubectl ({@code apply -k}), the
 * group is created, New Relic's critical alert is posted as New Relic posts it (a form field {@code alert} holding
 * JSON), the governor expands web 2 → 5 → 8 and stops at max, the recovery (JSON this time) deflates it 8 → 6 → 4 →
 * 2 and stops at min, the group is deleted. Then the whole story again with the operator killed -9 in the middle of
 * the scale-out: a replacement takes the Lease over and the story ends in the same state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoscaleScenarioTest {

    private static final String APPS = "shop";
    private static final String TOKEN = "nr-test-token";
    /** The governor's pace for the test (the pack's 30 s would make the story take minutes). */
    private static final int GOVERNOR_SECONDS = 3;

    private static final Duration STEP = Duration.ofMinutes(4);
    private static final String POLICY = "Default server alert policy";

    @RegisterExtension
    @Order(1)
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    @RegisterExtension
    @Order(2)
    static final ChartOperator chart =
            new ChartOperator(apiServer, APPS, Map.of("sensor.serviceAccount.namespaces[0]", APPS));

    private static final List<String> chat = new CopyOnWriteArrayList<>();
    private static final List<Integer> replicaHistory = new CopyOnWriteArrayList<>();
    private static final AtomicReference<List<Endpoint>> endpoints = new AtomicReference<>(List.of());
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static HttpServer slack;
    private static LocalJobExecutor kubelet;
    private static LocalDeploymentExecutor sensorKubelet;
    private static Watch webWatch;

    @BeforeAll
    static void stack() throws Exception {
        slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/hook", exchange -> {
            JsonNode message = new ObjectMapper().readTree(exchange.getRequestBody());
            chat.add(message.path("channel").asText() + " "
                    + message.path("text").asText());
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        slack.start();

        Path pods = Files.createDirectories(apiServer.workDir().resolve("pods"));
        kubelet = new LocalJobExecutor(
                        admin(), SquallRepository.root().resolve("runner-image/target/squall-runner.jar"), pods, 4)
                .start();
        sensorKubelet = new LocalDeploymentExecutor(
                        admin(),
                        LocalDeploymentExecutor.sensorsCommand(
                                SquallRepository.root().resolve("sensors/target/quarkus-app/quarkus-run.jar")),
                        apiServer.kubeconfig(),
                        pods,
                        endpoints::set)
                .start();

        // the README's walk-through: the two Secrets, packs/core, the pack, a pace for the governor, a Deployment
        apiServer
                .kubectl("create", "secret", "generic", "newrelic-webhook", "-n", APPS, "--from-literal=token=" + TOKEN)
                .requireSuccess();
        apiServer
                .kubectl(
                        "create",
                        "secret",
                        "generic",
                        "autoscale-chat",
                        "-n",
                        APPS,
                        "--from-literal=url=http://127.0.0.1:"
                                + slack.getAddress().getPort() + "/hook")
                .requireSuccess();
        apiServer
                .kubectl(
                        "apply",
                        "-n",
                        APPS,
                        "-f",
                        SquallRepository.packs().resolve("core").toString())
                .requireSuccess();
        apiServer
                .kubectl(
                        "apply",
                        "-n",
                        APPS,
                        "-k",
                        SquallRepository.packs().resolve("autoscale").toString())
                .requireSuccess();
        apiServer
                .kubectl(
                        "patch",
                        "rule",
                        "governor",
                        "-n",
                        APPS,
                        "--type",
                        "merge",
                        "-p",
                        "{\"spec\":{\"trigger\":{\"parameters\":{\"delta\":" + GOVERNOR_SECONDS + "}}}}")
                .requireSuccess();
        admin().resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withNamespace(APPS)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withNewSelector()
                        .addToMatchLabels("app", "web")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "web")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("web")
                        .withImage("nginx")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        webWatch = admin().apps()
                .deployments()
                .inNamespace(APPS)
                .withName("web")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Deployment deployment) {
                        Integer replicas = deployment.getSpec().getReplicas();
                        if (replicas != null
                                && (replicaHistory.isEmpty()
                                        || !replicas.equals(replicaHistory.get(replicaHistory.size() - 1)))) {
                            replicaHistory.add(replicas);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                });
    }

    @AfterAll
    static void stopStack() {
        if (webWatch != null) {
            webWatch.close();
        }
        if (sensorKubelet != null) {
            sensorKubelet.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        if (slack != null) {
            slack.stop(0);
        }
    }

    private static KubernetesClient admin() {
        return apiServer.client();
    }

    @Test
    @Order(1)
    void anAlertScalesWebOutToMaxAndTheRecoveryScalesItBackToMin() throws Exception {
        Story story = new Story("run1");
        Duration firstScaleOut = story.play(() -> {});
        story.assertAuditLinesRebuildTheStory();
        System.out.printf(
                "autoscale scenario: alert -> first scale-out to 5 replicas in %d ms; %d Executions%n",
                firstScaleOut.toMillis(), story.executions().size());
        story.printTimings();
    }

    @Test
    @Order(2)
    void theSameStoryEndsTheSameWhenTheOperatorIsKilledInTheMiddle() throws Exception {
        Story story = new Story("run2");
        // in the middle of the scale-out: the governor's timer, workflows and Jobs are in flight
        story.play(() -> chart.killAndReplace(1));
    }

    /** One pass of the story; chat messages and replica changes are counted from its start. */
    private static final class Story {
        private final String name;
        private final int chatStart = chat.size();
        private final int historyStart;
        private final Instant started = Instant.now();

        Story(String name) {
            this.name = name;
            admin().apps().deployments().inNamespace(APPS).withName("web").scale(1);
            await("web at 1 replica")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !replicaHistory.isEmpty() && replicaHistory.get(replicaHistory.size() - 1) == 1);
            historyStart = replicaHistory.size() - 1;
        }

        /** A step that may throw, run in the middle of the story. */
        interface Step {
            void run() throws Exception;
        }

        /**
         * The whole story, checked: create, alert, out to max, recovery, in to min, delete; {@code atFirstScaleOut} runs
         * when web has reached 5. Returns the time from the alert to that first scale-out.
         */
        Duration play(Step atFirstScaleOut) throws Exception {
            create();
            Instant alerted = alert();
            awaitReplicas(5);
            Duration firstScaleOut = Duration.between(alerted, Instant.now());
            atFirstScaleOut.run();
            awaitReplicas(8);
            awaitQuiet();
            recover();
            awaitReplicas(2);
            awaitQuiet();
            delete();
            assertMessagesInOrder();
            assertBounds();
            assertLineage();
            return firstScaleOut;
        }

        void create() throws IOException {
            Path file = Files.writeString(apiServer.workDir().resolve(name + "-create.yaml"), """
                apiVersion: squall.io/v1alpha1
                kind: Execution
                metadata: {name: %s-create-web}
                spec:
                  action: {kind: Workflow, name: asg-create}
                  parameters: {name: web, min_nodes: 2, max_nodes: 8, expand_by: 3, deflate_by: 2,
                               expand_delay: 0.05, deflate_delay: 0.05}
                """.formatted(name));
            apiServer.kubectl("create", "-n", APPS, "-f", file.toString()).requireSuccess();
            Execution created = awaitFinished(name + "-create-web");
            assertThat(created.getStatus().phase)
                    .as("asg-create: %s", created.getStatus().error)
                    .isEqualTo(ExecutionPhase.Succeeded);
            assertThat(replicas()).isEqualTo(2);
        }

        /** New Relic's legacy webhook: a form post whose field alert holds the alert as JSON. */
        Instant alert() throws Exception {
            String alert = "{\"severity\": \"critical\", \"alert_policy_name\": \"" + POLICY + "\", "
                    + "\"long_description\": \"Alert opened: CPU > 80% on web (" + name + ")\", \"application_name\": "
                    + "\"Default Application\"}";
            Instant at = Instant.now();
            HttpResponse<String> response = post(
                    "application/x-www-form-urlencoded", "alert=" + URLEncoder.encode(alert, StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            Execution crit = await("crit-alert started by the rule")
                    .atMost(STEP)
                    .until(() -> byRule("crit-alert"), list -> !list.isEmpty())
                    .get(0);
            Execution done = awaitFinished(crit.getMetadata().getName());
            assertThat(done.getStatus().phase)
                    .as("crit-alert: %s", done.getStatus().error)
                    .isEqualTo(ExecutionPhase.Succeeded);
            return at;
        }

        /** The JSON form of the same webhook. */
        void recover() throws Exception {
            String body = "{\"alert\": {\"severity\": \"critical\", \"alert_policy_name\": \"" + POLICY + "\", "
                    + "\"long_description\": \"Alert ended: CPU < 80% on web (" + name + ")\"}}";
            HttpResponse<String> response = post("application/json", body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            Execution recovery = await("recovery-alert started by the rule")
                    .atMost(STEP)
                    .until(() -> byRule("recovery-alert"), list -> !list.isEmpty())
                    .get(0);
            Execution done = awaitFinished(recovery.getMetadata().getName());
            assertThat(done.getStatus().phase)
                    .as("recovery-alert: %s", done.getStatus().error)
                    .isEqualTo(ExecutionPhase.Succeeded);
        }

        void delete() throws IOException {
            Path file = Files.writeString(apiServer.workDir().resolve(name + "-delete.yaml"), """
                apiVersion: squall.io/v1alpha1
                kind: Execution
                metadata: {name: %s-delete-web}
                spec:
                  action: {kind: Workflow, name: asg-delete}
                  parameters: {name: web}
                """.formatted(name));
            apiServer.kubectl("create", "-n", APPS, "-f", file.toString()).requireSuccess();
            Execution deleted = awaitFinished(name + "-delete-web");
            assertThat(deleted.getStatus().phase)
                    .as("asg-delete: %s", deleted.getStatus().error)
                    .isEqualTo(ExecutionPhase.Succeeded);
            assertThat(deleted.getStatus().result.path("deleted").size())
                    .as("the group's keys: %s", deleted.getStatus().result)
                    .isGreaterThanOrEqualTo(14);
            // the governor sees no group any more: nothing scales web from now on
            assertThat(replicas()).isEqualTo(2);
        }

        void awaitReplicas(int expected) {
            await(name + ": web at " + expected + " replicas (history " + replicaHistory + ")")
                    .atMost(STEP)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> replicas() == expected);
        }

        /** No workflow of the story is still running (the last expand/deflate has released its lock and finished). */
        void awaitQuiet() {
            await(name + ": every expand/deflate finished")
                    .atMost(STEP)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> executions().stream()
                            .filter(e -> e.getSpec().context != null
                                    && ("scaleup".equals(e.getSpec().context.rule)
                                            || "scaledown".equals(e.getSpec().context.rule)))
                            .allMatch(e -> e.getStatus() != null
                                    && e.getStatus().phase != null
                                    && e.getStatus().phase.isFinal()));
            // two more governor ticks decide nothing new
            int before = replicas();
            sleep(Duration.ofSeconds(3L * GOVERNOR_SECONDS));
            assertThat(replicas())
                    .as(name + ": scale after the governor had nothing to do")
                    .isEqualTo(before);
        }

        private List<String> messages() {
            return new ArrayList<>(chat.subList(chatStart, chat.size()));
        }

        void assertMessagesInOrder() {
            List<String> messages = messages();
            assertThat(messages)
                    .as("the chat")
                    .containsSubsequence(
                            "#autoscale Creating autoscale group web for Deployment web (2-8 nodes)",
                            "#autoscale Autoscale group web is ready: 2 node(s)",
                            "#autoscale CRIT ALERT FOR web (Default Application): expanding until the alert ends",
                            "#autoscale Expanding web by 3 node(s) from 2",
                            "#autoscale web expanded by 3: 5 node(s)",
                            "#autoscale Expanding web by 3 node(s) from 5",
                            "#autoscale web expanded by 3: 8 node(s)",
                            "#autoscale RECOVERY FOR web (Default Application): deflating to its minimum",
                            "#autoscale Deflating web by 2 node(s) from 8",
                            "#autoscale web deflated by 2: 6 node(s)",
                            "#autoscale Deflating web by 2 node(s) from 6",
                            "#autoscale web deflated by 2: 4 node(s)",
                            "#autoscale Deflating web by 2 node(s) from 4",
                            "#autoscale web deflated by 2: 2 node(s)");
            assertThat(messages)
                    .as("the chat")
                    .last()
                    .asString()
                    .startsWith("#autoscale Autoscale group web deleted (");
            // one message per node added or removed: 1 at create, 3 + 3 out, 2 + 2 + 2 in
            assertThat(messages.stream().filter(m -> m.contains("Node added to web")))
                    .hasSize(7);
            assertThat(messages.stream().filter(m -> m.contains("Node removed from web")))
                    .hasSize(6);
            assertThat(messages.stream().filter(m -> m.contains("expanded by"))).hasSize(2);
            assertThat(messages.stream().filter(m -> m.contains("deflated by"))).hasSize(3);
        }

        void assertBounds() {
            List<Integer> history = new ArrayList<>(replicaHistory.subList(historyStart, replicaHistory.size()));
            assertThat(Collections.max(history))
                    .as("never above max_nodes: %s", history)
                    .isEqualTo(8);
            int peak = history.indexOf(8);
            assertThat(history.subList(peak, history.size()))
                    .as("never below min_nodes on the way down: %s", history)
                    .allMatch(r -> r >= 2);
            assertThat(history)
                    .as("one replica at a time: %s", history)
                    .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 7, 6, 5, 4, 3, 2);
        }

        /** Every Execution of the story says where it came from: trigger and rule, or parent and root. */
        void assertLineage() throws Exception {
            List<Execution> all = executions();
            for (Execution e : all) {
                var context = e.getSpec().context;
                String label = e.getMetadata().getName();
                if (e.getMetadata().getLabels().containsKey(Names.LABEL_PARENT)) {
                    assertThat(context.parentExecution)
                            .as("parent of %s", label)
                            .isEqualTo(e.getMetadata().getLabels().get(Names.LABEL_PARENT));
                    assertThat(context.rootExecution).as("root of %s", label).isNotBlank();
                    assertThat(e.getMetadata().getLabels())
                            .as("labels of %s", label)
                            .containsKey(Names.LABEL_ROOT);
                    assertThat(context.parentTask).as("task of %s", label).isNotBlank();
                } else if (context != null && context.rule != null) {
                    assertThat(context.triggerId).as("trigger of %s", label).isNotBlank();
                    assertThat(e.getMetadata().getLabels())
                            .as("labels of %s", label)
                            .containsEntry(Names.LABEL_RULE, context.rule);
                }
            }
            Execution crit = byRule("crit-alert").get(0);
            String trace = crit.getMetadata().getLabels().get(Names.LABEL_TRACE);
            assertThat(trace).as("the alert's trace label").isNotBlank();
            List<Execution> traced = all.stream()
                    .filter(e -> trace.equals(e.getMetadata().getLabels().get(Names.LABEL_TRACE)))
                    .toList();
            // the alert's trace reaches the expands the governor's pulses started (the pulse carries the incident's
            // trace
            // tag, the governor's own run has none), their add-node children and their scale
            assertThat(traced)
                    .extracting(e -> e.getSpec().context.rule)
                    .contains("crit-alert", "scaleup")
                    .doesNotContain("governor", "recovery-alert", "scaledown");
            assertThat(traced)
                    .extracting(e -> e.getSpec().context.parentTask)
                    .contains("provision_new_nodes", "create_new_node");
            assertThat(traced).extracting(e -> e.getSpec().action.name).contains("autoscale-notify", "core-k8s-scale");
            // as a user finds it: kubectl get executions -l squall.io/trace=<tag>
            assertThat(apiServer
                            .kubectl(
                                    "get",
                                    "executions",
                                    "-n",
                                    APPS,
                                    "-l",
                                    Names.LABEL_TRACE + "=" + trace,
                                    "-o",
                                    "name")
                            .requireSuccess()
                            .lines())
                    .hasSize(traced.size());
            assertTraceCommand(crit);
        }

        /**
         * bin/squall trace of the alert (its main class, as a user runs it): the tree from the alert through the governor
         * runs that pulsed (their own timer traces, linked by the injected trigger) to every scale of the scale-out.
         */
        private void assertTraceCommand(Execution crit) throws Exception {
            InProcessSquall.Run trace = InProcessSquall.run(
                    apiServer.kubeconfig(), APPS, "trace", crit.getMetadata().getName(), "-o", "json");
            assertThat(trace.status()).as("squall trace: %s", trace.stderr()).isZero();
            String out = trace.stdout();
            JsonNode tree;
            try {
                tree = new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("squall trace -o json printed no JSON: " + out, e);
            }
            List<JsonNode> nodes = new ArrayList<>();
            tree.path("executions").forEach(root -> flatten(root, nodes));
            System.out.println("squall trace " + crit.getMetadata().getName() + " -o json:\n" + out);
            List<String> roots = new ArrayList<>();
            tree.path("executions").forEach(root -> roots.add(root.path("name").asText()));
            assertThat(roots)
                    .as("the roots of the trace")
                    .contains(crit.getMetadata().getName());
            assertThat(nodes)
                    .filteredOn(n -> "asg-expand".equals(n.path("action").asText()))
                    .as("the two expands, each under the governor pulse that started it")
                    .hasSize(2)
                    .allSatisfy(n -> assertThat(n.path("via").asText()).isEqualTo("trigger"));
            assertThat(nodes)
                    .filteredOn(n -> "core-k8s-scale".equals(n.path("action").asText()))
                    .as("every scale of the scale-out")
                    .hasSize(6)
                    .allSatisfy(n -> assertThat(n.path("phase").asText()).isEqualTo("Succeeded"));
        }

        private static void flatten(JsonNode node, List<JsonNode> into) {
            into.add(node);
            node.path("children").forEach(child -> flatten(child, into));
        }

        /**
         * The operator's squall.audit JSON lines (the chart's log format), read as a log pipeline would: for every
         * Execution of the story its last line has its final phase and the same lineage as the object (parent, root,
         * task, rule, trigger, trace), so the tree squall trace prints can be rebuilt from the logs alone.
         */
        void assertAuditLinesRebuildTheStory() {
            ObjectMapper json = new ObjectMapper();
            Map<String, JsonNode> last = new java.util.HashMap<>();
            for (String line : chart.process().stdoutLines()) {
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode record;
                try {
                    record = json.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError("the operator's JSON log has a line that is not JSON: " + line, e);
                }
                JsonNode mdc = record.path("mdc");
                if ("squall.audit".equals(record.path("loggerName").asText())
                        && "execution".equals(mdc.path("event").asText())
                        && APPS.equals(mdc.path("namespace").asText())) {
                    last.put(mdc.path("execution").asText(), mdc);
                }
            }
            List<Execution> all = executions();
            for (Execution e : all) {
                JsonNode audit = last.get(e.getMetadata().getName());
                var context = e.getSpec().context;
                assertThat(audit)
                        .as("an audit line for %s", e.getMetadata().getName())
                        .isNotNull();
                assertThat(audit.path("phase").asText())
                        .as("audit phase of %s", e.getMetadata().getName())
                        .isEqualTo(e.getStatus().phase.name());
                assertThat(audit.path("action").asText()).isEqualTo(e.getSpec().action.name);
                assertThat(audit.path("parent").asText(null))
                        .isEqualTo(context == null ? null : context.parentExecution);
                assertThat(audit.path("root").asText(null)).isEqualTo(context == null ? null : context.rootExecution);
                assertThat(audit.path("task").asText(null)).isEqualTo(context == null ? null : context.parentTask);
                assertThat(audit.path("rule").asText(null)).isEqualTo(context == null ? null : context.rule);
                assertThat(audit.path("trigger_id").asText(null)).isEqualTo(context == null ? null : context.triggerId);
                assertThat(audit.path("trace_tag").asText(null)).isEqualTo(context == null ? null : context.traceTag);
            }
        }

        /** Transition overhead: per finished workflow, its duration over its tasks. */
        void printTimings() {
            List<Execution> workflows = executions().stream()
                    .filter(e -> e.getSpec().action.kind == io.squall.api.v1alpha1.ActionKind.Workflow)
                    .filter(e ->
                            e.getStatus() != null && e.getStatus().startTime != null && e.getStatus().endTime != null)
                    .toList();
            for (String workflow : List.of(
                    "asg-create",
                    "crit-alert",
                    "asg-governor",
                    "asg-expand",
                    "asg-add-node",
                    "asg-deflate",
                    "asg-delete-node",
                    "recovery-alert",
                    "asg-delete")) {
                List<Execution> runs = workflows.stream()
                        .filter(e -> workflow.equals(e.getSpec().action.name))
                        .toList();
                if (runs.isEmpty()) {
                    continue;
                }
                long totalMillis = 0;
                int tasks = 0;
                for (Execution run : runs) {
                    totalMillis += Duration.between(
                                    Instant.parse(run.getStatus().startTime), Instant.parse(run.getStatus().endTime))
                            .toMillis();
                    tasks += run.getStatus().tasks == null
                            ? 0
                            : run.getStatus().tasks.size();
                }
                System.out.printf(
                        "autoscale scenario: %-16s %3d runs, mean %6d ms, %5.1f tasks/run, %6d ms/task%n",
                        workflow,
                        runs.size(),
                        totalMillis / runs.size(),
                        tasks / (double) runs.size(),
                        tasks == 0 ? 0 : totalMillis / tasks);
            }
        }

        List<Execution> executions() {
            return admin().resources(Execution.class).inNamespace(APPS).list().getItems().stream()
                    .filter(e -> Instant.parse(e.getMetadata().getCreationTimestamp())
                            .isAfter(started.minusSeconds(1)))
                    .toList();
        }

        /** The Executions the rule started (not their workflows' tasks, which carry the rule in their context too). */
        private List<Execution> byRule(String rule) {
            return executions().stream()
                    .filter(e -> e.getSpec().context != null && rule.equals(e.getSpec().context.rule))
                    .filter(e -> !e.getMetadata().getLabels().containsKey(Names.LABEL_PARENT))
                    .toList();
        }
    }

    private static int replicas() {
        return Objects.requireNonNull(admin().apps()
                        .deployments()
                        .inNamespace(APPS)
                        .withName("web")
                        .get())
                .getSpec()
                .getReplicas();
    }

    private static Execution awaitFinished(String name) {
        return await("Execution " + name + " finished")
                .atMost(STEP)
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> admin().resources(Execution.class)
                                .inNamespace(APPS)
                                .withName(name)
                                .get(),
                        e -> e != null
                                && e.getStatus() != null
                                && e.getStatus().phase != null
                                && e.getStatus().phase.isFinal());
    }

    private static HttpResponse<String> post(String contentType, String body) throws Exception {
        String url = await("the newrelic sensor ready")
                .atMost(STEP)
                .until(
                        () -> endpoints.get().stream()
                                .filter(e -> e.sensor().equals("newrelic")
                                        && e.namespace().equals(APPS))
                                .map(Endpoint::url)
                                .findFirst()
                                .orElse(null),
                        Objects::nonNull);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
