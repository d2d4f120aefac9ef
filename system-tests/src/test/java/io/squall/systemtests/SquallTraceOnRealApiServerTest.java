package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.squall.api.messages.InjectedTriggerId;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.ExecutionTarget;
import io.squall.api.v1alpha1.LabelValues;
import io.squall.api.v1alpha1.Names;
import io.squall.systemtests.InProcessSquall.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code squall trace} and {@code squall execution tail} against a real kube-apiserver with Squall's CRDs. No operator
 * runs: the test writes the Executions of the autoscale story by hand, with the labels, context and status the
 * operator gives them (rules engine, workflow engine, core-inject-trigger), so the tree crosses two rules and two
 * traces through an injected trigger.
 */
class SquallTraceOnRealApiServerTest {

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    private static final String NS = "trace";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INCIDENT = "incident-42";
    /** A timer's trace tag as the operator makes one: not a valid label value as it is. */
    private static final String TIMER_TRACE = "timer:asg-governor/2026-01-01T00:00:10Z";

    @BeforeAll
    static void crdsAndTheAutoscaleStory() throws IOException {
        apiServer.kubectl("apply", "-f", SquallRepository.crds().toString()).requireSuccess();
        List<CustomResourceDefinition> applied = new ArrayList<>();
        for (Path file : ManifestFiles.kubectlFiles(SquallRepository.crds())) {
            applied.add(
                    new KubernetesSerialization().unmarshal(Files.readString(file), CustomResourceDefinition.class));
        }
        apiServer.awaitServed(applied);
        apiServer.kubectl("create", "namespace", NS).requireSuccess();

        // the alert: rule crit-alert on a New Relic trigger, a workflow with one task
        ruleStarted(
                "crit-alert-a1",
                ActionKind.Workflow,
                "crit-alert",
                "crit-alert",
                "alert-1",
                INCIDENT,
                done(ExecutionPhase.Succeeded, "2026-01-01T00:00:00Z", "3.0s"));
        taskOf(
                "crit-alert-a1",
                "crit-alert-a1",
                "crit-alert-a1-notify",
                "chat-post",
                "notify",
                done(ExecutionPhase.Succeeded, "2026-01-01T00:00:01Z", "1.0s"));
        // the governor: a timer's rule, its own trace; its pulse task injects ScaleUpPulse with the incident's trace
        ruleStarted(
                "governor-g1",
                ActionKind.Workflow,
                "asg-governor",
                "governor",
                "timer-1",
                TIMER_TRACE,
                done(ExecutionPhase.Succeeded, "2026-01-01T00:00:10Z", "2.0s"));
        Execution pulse =
                taskOf("governor-g1", "governor-g1", "governor-g1-pulse", "core-inject-trigger", "pulse", null);
        String injected = new InjectedTriggerId(
                        NS, "governor-g1-pulse", pulse.getMetadata().getUid(), 1)
                .id();
        status("governor-g1-pulse", s -> {
            done(ExecutionPhase.Succeeded, "2026-01-01T00:00:11Z", "0.1s").accept(s);
            s.result = JSON.valueToTree(Map.of(
                    "trigger",
                    "autoscale.ScaleUpPulse",
                    "trigger_id",
                    injected,
                    "trace_tag",
                    INCIDENT,
                    "payload",
                    Map.of("asg", "web")));
        });
        // the scaleup rule on the injected trigger: asg-expand, its add-node workflow task, that one's scale task
        ruleStarted(
                "scaleup-s1",
                ActionKind.Workflow,
                "asg-expand",
                "scaleup",
                injected,
                INCIDENT,
                done(ExecutionPhase.Running, "2026-01-01T00:00:12Z", null));
        taskOf(
                "scaleup-s1",
                "scaleup-s1",
                "scaleup-s1-add-node",
                ActionKind.Workflow,
                "asg-add-node",
                "add_node",
                done(ExecutionPhase.Running, "2026-01-01T00:00:13Z", null));
        taskOf(
                "scaleup-s1-add-node",
                "scaleup-s1",
                "scaleup-s1-add-node-scale",
                "core-k8s-scale",
                "scale",
                done(ExecutionPhase.Failed, "2026-01-01T00:00:14Z", "0.5s"));
        // not of this story
        ruleStarted(
                "other-o1",
                ActionKind.Action,
                "chat-post",
                "greet",
                "webhook-9",
                "other-trace",
                done(ExecutionPhase.Succeeded, "2026-01-01T00:00:20Z", "0.2s"));
        // run by hand, no trace: a workflow and its task
        Execution manual =
                execution("manual-m1", ActionKind.Workflow, "asg-governor", Map.of(), new ExecutionContext());
        create(manual, done(ExecutionPhase.Succeeded, "2026-01-01T00:01:00Z", "1.0s"));
        taskOf("manual-m1", "manual-m1", "manual-m1-pulse", "core-inject-trigger", "pulse", null);
    }

    private static final List<String> STORY = List.of(
            "crit-alert-a1",
            "  crit-alert-a1-notify",
            "governor-g1",
            "  governor-g1-pulse",
            "    => scaleup-s1",
            "      scaleup-s1-add-node",
            "        scaleup-s1-add-node-scale");

    @Test
    void traceOfAnyExecutionOfTheStoryPrintsItsTreeAcrossBothRulesAndTheInjectedTrigger() throws Exception {
        Run trace = squall("trace", "crit-alert-a1");

        assertThat(trace.status()).as(trace.stderr()).isZero();
        List<String> lines = trace.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("7 executions in namespace " + NS);
        List<Map<String, String>> rows = table(lines.subList(1, lines.size()));
        assertThat(rows).extracting(r -> r.get("NAME")).containsExactlyElementsOf(STORY);
        assertThat(rows.get(0))
                .containsEntry("ACTION", "Workflow crit-alert")
                .containsEntry("PHASE", "Succeeded")
                .containsEntry("DURATION", "3.0s")
                .containsEntry("RULE", "crit-alert")
                .containsEntry("TASK", "")
                .containsEntry("STARTED", "2026-01-01T00:00:00Z");
        assertThat(rows.get(3))
                .containsEntry("ACTION", "Action core-inject-trigger")
                .containsEntry("RULE", "governor")
                .containsEntry("TASK", "pulse")
                .containsEntry("DURATION", "0.1s");
        assertThat(rows.get(4))
                .containsEntry("ACTION", "Workflow asg-expand")
                .containsEntry("PHASE", "Running")
                .containsEntry("DURATION", "")
                .containsEntry("RULE", "scaleup")
                .containsEntry("TASK", "");
        assertThat(rows.get(5)).containsEntry("ACTION", "Workflow asg-add-node").containsEntry("TASK", "add_node");
        assertThat(rows.get(6))
                .containsEntry("ACTION", "Action core-k8s-scale")
                .containsEntry("PHASE", "Failed")
                .containsEntry("TASK", "scale")
                .containsEntry("STARTED", "2026-01-01T00:00:14Z");

        // the same story from its last execution, from the governor's trace, and from the alert's trigger
        for (List<String> args : List.of(
                List.of("trace", "scaleup-s1-add-node-scale"),
                List.of("trace", "--trace-tag", TIMER_TRACE),
                List.of("trace", "--trace-tag", INCIDENT),
                List.of("trace", "--trigger-id", "alert-1"))) {
            Run again = squall(args.toArray(String[]::new));
            assertThat(again.status()).as(args + ": " + again.stderr()).isZero();
            List<String> more = again.stdout().lines().toList();
            assertThat(table(more.subList(1, more.size())))
                    .as(String.join(" ", args))
                    .extracting(r -> r.get("NAME"))
                    .containsExactlyElementsOf(STORY);
        }
    }

    @Test
    void traceAsJsonNestsTheExecutionsAndSaysHowEachCame() throws Exception {
        Run trace = squall("trace", "governor-g1", "-o", "json");

        assertThat(trace.status()).as(trace.stderr()).isZero();
        JsonNode doc = JSON.readTree(trace.stdout());
        assertThat(doc.path("namespace").asText()).isEqualTo(NS);
        JsonNode roots = doc.path("executions");
        assertThat(roots).extracting(r -> r.path("name").asText()).containsExactly("crit-alert-a1", "governor-g1");
        JsonNode notify = roots.get(0).path("children").get(0);
        assertThat(notify.path("name").asText()).isEqualTo("crit-alert-a1-notify");
        assertThat(notify.path("via").asText()).isEqualTo("task");
        assertThat(notify.path("task").asText()).isEqualTo("notify");
        JsonNode scaleup = roots.get(1).path("children").get(0).path("children").get(0);
        assertThat(scaleup.path("name").asText()).isEqualTo("scaleup-s1");
        assertThat(scaleup.path("via").asText()).isEqualTo("trigger");
        assertThat(scaleup.path("rule").asText()).isEqualTo("scaleup");
        assertThat(scaleup.path("kind").asText()).isEqualTo("Workflow");
        assertThat(scaleup.path("traceTag").asText()).isEqualTo(INCIDENT);
        JsonNode scale = scaleup.path("children").get(0).path("children").get(0);
        assertThat(scale.path("name").asText()).isEqualTo("scaleup-s1-add-node-scale");
        assertThat(scale.path("phase").asText()).isEqualTo("Failed");
        assertThat(scale.path("children")).isEmpty();
        Run yaml = squall("trace", "governor-g1", "-o", "yaml");
        assertThat(yaml.stdout()).doesNotContain("{");
        assertThat(new YAMLMapper().readTree(yaml.stdout())).isEqualTo(doc);
    }

    @Test
    void anExecutionWithoutATraceShowsItsWorkflowTree() throws Exception {
        Run trace = squall("trace", "manual-m1-pulse");

        assertThat(trace.status()).as(trace.stderr()).isZero();
        List<String> lines = trace.stdout().lines().toList();
        assertThat(table(lines.subList(1, lines.size())))
                .extracting(r -> r.get("NAME"))
                .containsExactly("manual-m1", "  manual-m1-pulse");
    }

    @Test
    void whatIsNotThereExitsThreeAndBadUsageTwo() throws Exception {
        Run missing = squall("trace", "no-such-execution");
        assertThat(missing.status()).isEqualTo(3);
        assertThat(missing.stderr()).contains("squall: no Execution named no-such-execution in namespace " + NS);
        Run noTrace = squall("trace", "--trace-tag", "no-such-trace");
        assertThat(noTrace.status()).isEqualTo(3);
        assertThat(noTrace.stderr()).contains("no Executions with trace tag no-such-trace");
        Run noTrigger = squall("trace", "--trigger-id", "no-such-trigger");
        assertThat(noTrigger.status()).isEqualTo(3);
        assertThat(squall("trace").status()).isEqualTo(2);
        assertThat(squall("trace", "crit-alert-a1", "--trace-tag", INCIDENT).status())
                .isEqualTo(2);
        assertThat(squall("trace", "crit-alert-a1", "-o", "wide").status()).isEqualTo(2);
    }

    @Test
    void theReadmesKubectlRecipeListsTheTraceOldestFirst() throws Exception {
        Kubectl.Result recipe = apiServer.kubectl(
                "get",
                "executions",
                "-n",
                NS,
                "-l",
                Names.LABEL_TRACE + "=" + INCIDENT,
                "--sort-by=.metadata.creationTimestamp");

        recipe.requireSuccess();
        List<String> names =
                recipe.stdout().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "crit-alert-a1",
                        "crit-alert-a1-notify",
                        "scaleup-s1",
                        "scaleup-s1-add-node",
                        "scaleup-s1-add-node-scale");
        assertThat(names.indexOf("crit-alert-a1")).isLessThan(names.indexOf("scaleup-s1"));
    }

    @Test
    void tailPrintsEachPhaseChangeOfAWorkflowAndItsTasksAndExitsZeroWhenItSucceeds() throws Exception {
        create(execution("tail-w", ActionKind.Workflow, "two-steps", Map.of(), new ExecutionContext()), null);
        InProcessSquall squall = newSquall();
        CompletableFuture<Run> tail = squall.start("execution", "tail", "tail-w");
        await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains("tail-w: Requested"));

        status("tail-w", s -> s.phase = ExecutionPhase.Running);
        await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains("tail-w: Running"));
        taskOf("tail-w", "tail-w", "tail-w-first", "hello", "first", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains("tail-w-first (task first): "));
        status("tail-w-first", s -> s.phase = ExecutionPhase.Running);
        await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains("(task first): Running"));
        status("tail-w-first", s -> s.phase = ExecutionPhase.Succeeded);
        await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains("(task first): Succeeded"));
        assertThat(tail).isNotDone();
        status("other-o1", s -> s.phase = ExecutionPhase.Failed); // another execution: not followed, not printed
        status("tail-w", s -> s.phase = ExecutionPhase.Succeeded);

        Run done = tail.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).as(done.stdout() + done.stderr()).isZero();
        assertThat(done.stdout().lines().toList())
                .containsExactly(
                        "tail-w: Requested",
                        "tail-w: Running",
                        "  tail-w-first (task first): Requested",
                        "  tail-w-first (task first): Running",
                        "  tail-w-first (task first): Succeeded",
                        "tail-w: Succeeded");
    }

    @Test
    void tailExitsOneWhenTheExecutionFailsAndThreeWhenThereIsNone() throws Exception {
        create(
                execution("tail-f", ActionKind.Action, "hello", Map.of(), new ExecutionContext()),
                s -> s.phase = ExecutionPhase.Running);
        InProcessSquall squall = newSquall();
        CompletableFuture<Run> tail = squall.start("execution", "tail", "tail-f");
        await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains("tail-f: Running"));
        status("tail-f", s -> {
            s.phase = ExecutionPhase.Failed;
            s.error = "the command exited with 3";
        });

        Run done = tail.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(1);
        assertThat(done.stdout().lines().toList())
                .containsExactly("tail-f: Running", "tail-f: Failed: the command exited with 3");
        Run ended = squall("execution", "tail", "crit-alert-a1"); // ended already: its last state, at once
        assertThat(ended.status()).isZero();
        assertThat(ended.stdout().lines().toList())
                .containsExactly("  crit-alert-a1-notify (task notify): Succeeded", "crit-alert-a1: Succeeded");
        Run missing = squall("execution", "tail", "no-such-execution");
        assertThat(missing.status()).isEqualTo(3);
        assertThat(missing.stderr()).contains("no Execution named no-such-execution in namespace " + NS);
    }

    // --- the Executions, as the operator writes them ---

    private static Consumer<ExecutionStatus> done(ExecutionPhase phase, String start, String duration) {
        return s -> {
            s.phase = phase;
            s.startTime = start;
            s.duration = duration;
        };
    }

    /** As the rules engine creates one: rule, trigger id and trace labels, the context. */
    private static void ruleStarted(
            String name,
            ActionKind kind,
            String action,
            String rule,
            String triggerId,
            String traceTag,
            Consumer<ExecutionStatus> status) {
        ExecutionContext context = new ExecutionContext();
        context.rule = rule;
        context.triggerId = triggerId;
        context.triggerType = "test.Trigger";
        context.traceTag = traceTag;
        create(
                execution(
                        name,
                        kind,
                        action,
                        Map.of(
                                Names.LABEL_RULE,
                                rule,
                                Names.LABEL_TRIGGER_ID,
                                LabelValues.of(triggerId),
                                Names.LABEL_TRACE,
                                LabelValues.of(traceTag)),
                        context),
                status);
    }

    /** As the workflow engine creates a task's execution: the parent's labels and context, parent, task, root. */
    private static Execution taskOf(
            String parentName, String root, String name, String action, String task, Consumer<ExecutionStatus> status) {
        return taskOf(parentName, root, name, ActionKind.Action, action, task, status);
    }

    private static Execution taskOf(
            String parentName,
            String root,
            String name,
            ActionKind kind,
            String action,
            String task,
            Consumer<ExecutionStatus> status) {
        Execution parent = get(parentName);
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : List.of(Names.LABEL_RULE, Names.LABEL_TRIGGER_ID, Names.LABEL_TRACE)) {
            if (parent.getMetadata().getLabels() != null
                    && parent.getMetadata().getLabels().containsKey(key)) {
                labels.put(key, parent.getMetadata().getLabels().get(key));
            }
        }
        labels.put(Names.LABEL_PARENT, parentName);
        labels.put(Names.LABEL_TASK, task);
        labels.put(Names.LABEL_ROOT, root);
        ExecutionContext from = parent.getSpec().context;
        ExecutionContext context = new ExecutionContext();
        context.rule = from.rule;
        context.triggerId = from.triggerId;
        context.triggerType = from.triggerType;
        context.traceTag = from.traceTag;
        context.parentExecution = parentName;
        context.rootExecution = root;
        context.parentTask = task;
        Execution child = execution(name, kind, action, labels, context);
        child.getMetadata().setAnnotations(Map.of(Names.ANNOTATION_PARENT, parentName));
        return create(child, status);
    }

    private static Execution execution(
            String name, ActionKind kind, String action, Map<String, String> labels, ExecutionContext context) {
        Execution e = new Execution();
        e.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(NS)
                .withLabels(labels)
                .build());
        ExecutionSpec spec = new ExecutionSpec();
        spec.action = new ExecutionTarget();
        spec.action.kind = kind == ActionKind.Workflow ? kind : null;
        spec.action.name = action;
        spec.context = context;
        e.setSpec(spec);
        return e;
    }

    private static Execution create(Execution e, Consumer<ExecutionStatus> status) {
        Execution created =
                client().resources(Execution.class).inNamespace(NS).resource(e).create();
        if (status != null) {
            status(e.getMetadata().getName(), status);
        }
        return created;
    }

    private static Execution get(String name) {
        return client().resources(Execution.class)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    private static void status(String name, Consumer<ExecutionStatus> change) {
        Execution e = get(name);
        ExecutionStatus s = e.getStatus() == null ? new ExecutionStatus() : e.getStatus();
        change.accept(s);
        e.setStatus(s);
        client().resources(Execution.class).inNamespace(NS).resource(e).updateStatus();
    }

    private static KubernetesClient client() {
        return apiServer.client();
    }

    /** The rows of a table as kubectl prints one: each cell from its header's column to the next header's. */
    private static List<Map<String, String>> table(List<String> lines) {
        String header = lines.get(0);
        List<String> names = List.of(header.trim().split("\\s+"));
        List<Integer> starts = new ArrayList<>();
        for (String name : names) {
            starts.add(header.indexOf(name, starts.isEmpty() ? 0 : starts.get(starts.size() - 1)));
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                int from = Math.min(starts.get(i), line.length());
                int to = i + 1 < names.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
                String cell = line.substring(from, to).stripTrailing();
                row.put(names.get(i), i == 0 ? cell : cell.strip());
            }
            rows.add(row);
        }
        return rows;
    }

    private static InProcessSquall newSquall() {
        return new InProcessSquall(apiServer.kubeconfig(), NS);
    }

    private static Run squall(String... args) throws Exception {
        return InProcessSquall.run(apiServer.kubeconfig(), NS, args);
    }
}
