package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.Workflow;
import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.rehearse.Rehearsal;
import io.squall.engine.workflow.rehearse.RehearsalOutcome;
import io.squall.local.LocalJobExecutor;
import io.squall.operator.workflow.WorkflowGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * Workflows on a real kube-apiserver, run by the packaged operator with nothing but the chart's ServiceAccount and
 * RBAC, a real nats-server (the workflow state bucket) and the real runner through the local Job executor (the
 * kubelet's stand-in). The example workflows reach Succeeded as their offline rehearsals say; then the operator is
 * killed (SIGKILL) in the middle of a workflow with a join and a with-items, a replacement takes the Lease over, and
 * the workflow ends as its rehearsal says with no task run twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkflowsOnRealApiServerTest {

    private static final String APPS = "automation";
    private static final String CRASH = "crash";
    private static final Duration RUN = Duration.ofMinutes(3);
    private static final Path EXAMPLES = SquallRepository.examples();
    private static final Path RESOURCES = Path.of("src/test/resources/workflows");
    private static final List<String> ENGINE_COMMANDS = List.of("continue", "fail", "noop", "retry");

    @RegisterExtension
    @Order(1)
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    @RegisterExtension
    @Order(2)
    static final ChartOperator chart = new ChartOperator(apiServer, APPS, Map.of());

    private static LocalJobExecutor kubelet;

    @BeforeAll
    static void kubelet() throws IOException {
        Path pods = Files.createDirectories(apiServer.workDir().resolve("pods"));
        kubelet = new LocalJobExecutor(
                        admin(), SquallRepository.root().resolve("runner-image/target/squall-runner.jar"), pods, 4)
                .start();
    }

    @AfterAll
    static void stopKubelet() {
        if (kubelet != null) {
            kubelet.close();
        }
    }

    private static KubernetesClient admin() {
        return apiServer.client();
    }

    @Test
    @Order(1)
    void theExampleWorkflowsSucceedAsTheirRehearsalsSayWithTheChartsPermissionsOnly() throws IOException {
        // as the README tells a user: kubectl apply, then an Execution of each workflow
        apiServer
                .kubectl(
                        "apply",
                        "-n",
                        APPS,
                        "-f",
                        EXAMPLES.resolve("workflows/stand-in-actions.yaml").toString(),
                        "-f",
                        EXAMPLES.resolve("autoscale-workflows.yaml").toString())
                .requireSuccess();
        createExecution(
                APPS,
                "alert-1",
                "handle-critical-alert",
                Map.of("application", "checkout", "deployment", "checkout", "namespace", "shop", "replicas", 5));
        createExecution(
                APPS,
                "broadcast-1",
                "broadcast",
                Map.of("channels", List.of("ops", "sre", "oncall"), "message", "deploy done"));

        Execution alert = awaitFinished(APPS, "alert-1");
        Execution broadcast = awaitFinished(APPS, "broadcast-1");

        RehearsalOutcome alertRehearsal = rehearse(
                workflow(APPS, "handle-critical-alert"),
                load(EXAMPLES.resolve("workflows/handle-critical-alert-succeeds.yaml")));
        assertThat(alert.getStatus().phase).as("%s", alert.getStatus().error).isEqualTo(ExecutionPhase.Succeeded);
        assertThat(alert.getStatus().tasks)
                .extracting(t -> t.name)
                .containsExactlyElementsOf(alertRehearsal.taskSequence());
        assertThat(new ObjectMapper().convertValue(alert.getStatus().result, Map.class))
                .isEqualTo(alertRehearsal.output());
        assertThat(children(APPS, "alert-1"))
                .extracting(c -> c.getSpec().context.parentTask)
                .containsExactlyInAnyOrderElementsOf(alertRehearsal.taskSequence());

        RehearsalOutcome broadcastRehearsal =
                rehearse(workflow(APPS, "broadcast"), load(EXAMPLES.resolve("workflows/broadcast.yaml")));
        assertThat(broadcast.getStatus().phase)
                .as("%s", broadcast.getStatus().error)
                .isEqualTo(ExecutionPhase.Succeeded);
        assertThat(broadcast.getStatus().tasks)
                .extracting(t -> t.name)
                .containsExactlyElementsOf(broadcastRehearsal.taskSequence());
        List<Execution> posts = children(APPS, "broadcast-1").stream()
                .filter(c -> "post".equals(c.getSpec().context.parentTask))
                .toList();
        assertThat(posts).extracting(c -> c.getSpec().context.itemId).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(posts)
                .extracting(c -> c.getStatus().result.get("stdout").asText())
                .containsExactlyInAnyOrder("ops: deploy done", "sre: deploy done", "oncall: deploy done");
        // every task is an Execution a user can list by its parent
        assertThat(apiServer
                        .kubectl(
                                "get",
                                "executions",
                                "-n",
                                APPS,
                                "-l",
                                Names.LABEL_PARENT + "=broadcast-1",
                                "-o",
                                "name")
                        .requireSuccess()
                        .lines())
                .hasSize(4);
    }

    @Test
    @Order(2)
    void theDatastoreAndAnInquiryWorkWithTheChartsKeyAndRbacAsTheReadmeSays() throws IOException {
        // the README: kubectl apply -n NS -f packs/core/, then Executions of the core actions
        apiServer
                .kubectl(
                        "apply",
                        "-n",
                        APPS,
                        "-f",
                        SquallRepository.packs().resolve("core").toString())
                .requireSuccess();
        Path set = apiServer.workDir().resolve("kv-set.yaml");
        Files.writeString(set, """
            apiVersion: squall.io/v1alpha1
            kind: Execution
            metadata: {name: kv-set-1}
            spec:
              action: {name: core-kv-set}
              parameters: {key: asg.web.status, value: expanding, ttl: 300, expect_revision: 0}
            ---
            apiVersion: squall.io/v1alpha1
            kind: Execution
            metadata: {name: kv-secret-1}
            spec:
              action: {name: core-kv-set}
              parameters: {key: slack.token, value: xoxb-7, secret: true}
            ---
            apiVersion: squall.io/v1alpha1
            kind: Execution
            metadata: {name: ask-1}
            spec:
              action: {name: core-ask}
              parameters: {route: ops}
            """);
        apiServer.kubectl("create", "-n", APPS, "-f", set.toString()).requireSuccess();

        Execution kvSet = awaitFinished(APPS, "kv-set-1");
        assertThat(kvSet.getStatus().phase)
                .as("status: %s", kvSet.getStatus().error)
                .isEqualTo(ExecutionPhase.Succeeded);
        assertThat(kvSet.getStatus().result.get("value").asText()).isEqualTo("expanding");
        Execution secret = awaitFinished(APPS, "kv-secret-1");
        assertThat(secret.getStatus().phase)
                .as("a secret value needs the operator's datastore key: %s", secret.getStatus().error)
                .isEqualTo(ExecutionPhase.Succeeded);
        assertThat(secret.getStatus().result.get("value").asText()).isEqualTo("********");
        // the operator made its key Secret, with the chart's RBAC, in its own namespace
        var key = admin().secrets()
                .inNamespace(ChartOperator.RELEASE_NAMESPACE)
                .withName("squall-datastore-key")
                .get();
        assertThat(key).isNotNull();
        assertThat(java.util.Base64.getDecoder().decode(key.getData().get("key")))
                .hasSize(32);

        await("inquiry Pending").atMost(RUN).until(() -> phaseOf(APPS, "ask-1") == ExecutionPhase.Pending);
        apiServer
                .kubectl(
                        "patch",
                        "execution",
                        "ask-1",
                        "-n",
                        APPS,
                        "--type",
                        "merge",
                        "-p",
                        "{\"spec\":{\"response\":{\"continue\":true}}}")
                .requireSuccess();
        Execution answered = awaitFinished(APPS, "ask-1");
        assertThat(answered.getStatus().phase).isEqualTo(ExecutionPhase.Succeeded);
        assertThat(answered.getStatus().result.at("/response/continue").asBoolean())
                .isTrue();
    }

    @Test
    @Order(3)
    void aWorkflowGoesOnAfterTheOperatorIsKilledAndRunsNoTaskTwice() throws Exception {
        admin().resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(CRASH)
                        .endMetadata()
                        .build())
                .create();
        apiServer
                .kubectl(
                        "apply",
                        "-n",
                        CRASH,
                        "-f",
                        RESOURCES.resolve("fanout-join.yaml").toString())
                .requireSuccess();
        Map<String, Object> rehearsalCase = load(RESOURCES.resolve("fanout-join-rehearsal.yaml"));
        createExecution(
                CRASH,
                "fanout-1",
                "fanout-join",
                Map.of("words", rehearsalCase.get("inputs") instanceof Map<?, ?> m ? m.get("words") : List.of()));

        // mid-workflow: the branch and the first with-items batch are running
        await("the branch and the first items running")
                .atMost(RUN)
                .until(() -> children(CRASH, "fanout-1").stream()
                                .filter(c -> "items".equals(c.getSpec().context.parentTask))
                                .count()
                        == 2);
        chart.killAndReplace(1);
        assertThat(phaseOf(CRASH, "fanout-1")).isNotIn(ExecutionPhase.Succeeded, ExecutionPhase.Failed);

        Execution done = awaitFinished(CRASH, "fanout-1");
        RehearsalOutcome rehearsal = rehearse(workflow(CRASH, "fanout-join"), rehearsalCase);
        assertThat(rehearsal.passed())
                .as("offline rehearsal: %s", rehearsal.mismatches())
                .isTrue();
        assertThat(done.getStatus().phase).as("%s", done.getStatus().error).isEqualTo(ExecutionPhase.Succeeded);
        // status.tasks lists the workflow's own tasks; Orquesta's sequence also has the engine command `continue`
        assertThat(done.getStatus().tasks)
                .extracting(t -> t.name)
                .containsExactlyElementsOf(rehearsal.taskSequence().stream()
                        .filter(t -> !ENGINE_COMMANDS.contains(t))
                        .toList());
        assertThat(new ObjectMapper().convertValue(done.getStatus().result, Map.class))
                .isEqualTo(rehearsal.output());

        // one child per task instance and item, each its first attempt, each run by exactly one Job and one pod
        List<Execution> children = children(CRASH, "fanout-1");
        assertThat(children)
                .extracting(c -> c.getSpec().context.parentTask + "/" + c.getSpec().context.itemId)
                .containsExactlyInAnyOrder(
                        "start/null", "left/null", "items/0", "items/1", "items/2", "items/3", "joined/null");
        assertThat(children).allSatisfy(c -> {
            assertThat(c.getSpec().context.taskAttempt).isEqualTo(1);
            assertThat(c.getStatus().phase).isEqualTo(ExecutionPhase.Succeeded);
        });
        assertThat(admin().batch().v1().jobs().inNamespace(CRASH).list().getItems())
                .hasSize(children.size());
        assertThat(admin().pods().inNamespace(CRASH).list().getItems()).hasSize(children.size());
        // the replacement finished it: it held the Lease and logged the workflow's end
        assertThat(chart.process().stdoutLines().stream()
                        .filter(l -> l.contains("workflow=" + CRASH + "/fanout-1"))
                        .collect(Collectors.joining("\n")))
                .contains("Succeeded");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static ExecutionPhase phaseOf(String ns, String name) {
        Execution e = admin().resources(Execution.class)
                .inNamespace(ns)
                .withName(name)
                .get();
        return e.getStatus() == null ? null : e.getStatus().phase;
    }

    private static void createExecution(String ns, String name, String workflow, Map<String, Object> parameters) {
        String yaml = Serialization.asYaml(Map.of(
                "apiVersion",
                "squall.io/v1alpha1",
                "kind",
                "Execution",
                "metadata",
                Map.of("name", name, "namespace", ns),
                "spec",
                Map.of("action", Map.of("kind", "Workflow", "name", workflow), "parameters", parameters)));
        admin().resource(Serialization.unmarshal(yaml, Execution.class)).create();
    }

    private static Execution awaitFinished(String ns, String name) {
        return await("Execution " + ns + "/" + name + " finished")
                .atMost(RUN)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> admin().resources(Execution.class)
                                .inNamespace(ns)
                                .withName(name)
                                .get(),
                        e -> e != null
                                && e.getStatus() != null
                                && e.getStatus().phase != null
                                && e.getStatus().phase.isFinal());
    }

    private static List<Execution> children(String ns, String parent) {
        return admin().resources(Execution.class)
                .inNamespace(ns)
                .withLabel(Names.LABEL_PARENT, parent)
                .list()
                .getItems();
    }

    private static Workflow workflow(String ns, String name) {
        return admin().resources(Workflow.class).inNamespace(ns).withName(name).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(file));
    }

    private static RehearsalOutcome rehearse(Workflow workflow, Map<String, Object> testCase) {
        return new Rehearsal(Expressions.standard(KvLookup.EMPTY))
                .run(WorkflowGraph.orquesta(workflow.getSpec()), testCase)
                .outcome();
    }
}
