package io.squall.operator.execution;

import static io.squall.operator.testsupport.Kube.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.TaskState;
import io.squall.api.v1alpha1.Workflow;
import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.rehearse.Rehearsal;
import io.squall.engine.workflow.rehearse.RehearsalOutcome;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import io.squall.operator.workflow.WorkflowGraph;
import io.squall.operator.workflow.WorkflowRunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Workflow Executions end to end: the operator on the Fabric8 mock API server with a real nats-server (the
 * workflow state bucket), each task a child Execution run by the real runner jar through the local Job executor.
 * The example workflows of packs/examples run as written and are compared with their offline rehearsals.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class WorkflowEndToEndTest extends LocalExecutorTestBase {

    private static final Path EXAMPLES = Path.of("../packs/examples");

    /** packs/examples/workflows/stand-in-actions.yaml: cheap stand-ins for the example's actions (no chat, no kubectl). */
    private void exampleActions(String ns) throws IOException {
        String all = Files.readString(EXAMPLES.resolve("workflows/stand-in-actions.yaml"));
        for (String document : all.split("\n---\n")) {
            apply(
                    client,
                    document.replaceFirst(
                            "\nmetadata:\n  name: ([a-z-]+)\n", "\nmetadata:\n  name: $1\n  namespace: " + ns + "\n"),
                    io.squall.api.v1alpha1.Action.class);
        }
    }

    @Test
    void handleCriticalAlertRunsOnTheClusterAsItsRehearsalSays() throws IOException {
        String ns = "wf-alert";
        exampleActions(ns);
        Workflow workflow = exampleWorkflow(ns, "handle-critical-alert");
        workflowExecution(
                ns,
                "alert-1",
                "handle-critical-alert",
                "{application: checkout, deployment: checkout, namespace: shop, replicas: '5'}");

        Execution done = awaitFinished(ns, "alert-1", ExecutionPhase.Succeeded);

        RehearsalOutcome rehearsal = rehearse(workflow, "handle-critical-alert-succeeds.yaml");
        assertThat(rehearsal.passed())
                .as("offline rehearsal: %s", rehearsal.mismatches())
                .isTrue();
        assertThat(done.getStatus().tasks).extracting(t -> t.name).containsExactlyElementsOf(rehearsal.taskSequence());
        assertThat(done.getStatus().tasks).allSatisfy(t -> {
            assertThat(t.phase).isEqualTo(ExecutionPhase.Succeeded);
            assertThat(t.attempts).isEqualTo(1);
            assertThat(t.startTime).isNotNull();
            assertThat(t.endTime).isNotNull();
        });
        assertThat(Json.mapper().convertValue(done.getStatus().result, Map.class))
                .isEqualTo(rehearsal.output());
        assertThat(done.getStatus().progress).isEqualTo("5/6"); // notify_failure did not run
        assertThat(done.getStatus().errors).isNull();

        List<Execution> children = children(ns, "alert-1");
        assertThat(children)
                .extracting(c -> c.getSpec().context.parentTask)
                .containsExactlyInAnyOrderElementsOf(rehearsal.taskSequence());
        for (Execution child : children) {
            assertThat(child.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(o ->
                            assertThat(o.getUid()).isEqualTo(done.getMetadata().getUid()));
            assertThat(child.getMetadata().getLabels())
                    .containsEntry(Names.LABEL_PARENT, "alert-1")
                    .containsEntry(Names.LABEL_TASK, child.getSpec().context.parentTask);
            assertThat(child.getSpec().context.parentExecution).isEqualTo("alert-1");
            assertThat(child.getSpec().context.taskRoute).isZero();
            assertThat(child.getSpec().context.taskAttempt).isEqualTo(1);
            assertThat(child.getStatus().phase).isEqualTo(ExecutionPhase.Succeeded);
            TaskState task = done.getStatus().tasks.stream()
                    .filter(t -> t.name.equals(child.getSpec().context.parentTask))
                    .findFirst()
                    .orElseThrow();
            assertThat(task.execution).isEqualTo(child.getMetadata().getName());
        }
        // the task input the conductor rendered reaches the child as data (published incident included)
        Execution notify = child(children, "notify_start");
        assertThat(notify.getSpec().parameters.get("message").asText())
                .isEqualTo("CRIT ALERT for checkout (INC-42): scaling checkout to 5");
        assertThat(notify.getStatus().result.get("stdout").asText())
                .isEqualTo("ops: CRIT ALERT for checkout (INC-42): scaling checkout to 5");
        assertThat(child(children, "expand").getStatus().result.get("stdout").asText())
                .isEqualTo("scaled checkout to 5");
        await().atMost(Kube.WAIT)
                .untilAsserted(
                        () -> assertThat(eventReasons(ns, "alert-1")).containsSubsequence("Running", "Succeeded"));
    }

    @Test
    void handleCriticalAlertRetriesTheScaleUpThenFailsOnItsOwnRouteAsItsRehearsalSays() throws IOException {
        String ns = "wf-alert-fails";
        exampleActions(ns);
        action(ns, "asg-scale", """
                  runner: shell
                  command: 'echo "deployments.apps \\"{{ deployment }}\\" not found" >&2; exit 1'
                  parameters:
                    deployment: {type: string, required: true}
                    namespace: {type: string, default: default}
                    replicas: {type: integer, default: 3}
                """);
        // as written, but the retry waits 1s instead of 10s
        Workflow workflow = exampleWorkflow(ns, "handle-critical-alert", "delay: 10", "delay: 1");
        workflowExecution(
                ns,
                "alert-2",
                "handle-critical-alert",
                "{application: checkout, deployment: checkout, namespace: shop, replicas: 5}");

        Execution done = awaitFinished(ns, "alert-2", ExecutionPhase.Failed);

        RehearsalOutcome rehearsal = rehearse(workflow, "handle-critical-alert-scale-fails.yaml");
        assertThat(rehearsal.passed())
                .as("offline rehearsal: %s", rehearsal.mismatches())
                .isTrue();
        // the engine command fail runs in the conductor, not as a task instance
        assertThat(done.getStatus().tasks)
                .extracting(t -> t.route == 0 ? t.name : t.name + "__r" + t.route)
                .containsExactlyElementsOf(rehearsal.taskSequence().stream()
                        .filter(t -> !t.startsWith("fail"))
                        .toList());
        TaskState expand = done.getStatus().tasks.stream()
                .filter(t -> t.name.equals("expand"))
                .findFirst()
                .orElseThrow();
        assertThat(expand.attempts).isEqualTo(3);
        assertThat(expand.phase).isEqualTo(ExecutionPhase.Failed);
        assertThat(children(ns, "alert-2").stream().filter(c -> "expand".equals(c.getSpec().context.parentTask)))
                .extracting(c -> c.getSpec().context.taskAttempt)
                .containsExactlyInAnyOrder(1, 2, 3);
        Execution notify = children(ns, "alert-2").stream()
                .filter(c -> "notify_failure".equals(c.getSpec().context.parentTask))
                .findFirst()
                .orElseThrow();
        assertThat(notify.getSpec().context.taskRoute).isEqualTo(1);
        assertThat(notify.getSpec().parameters.get("message").asText())
                .isEqualTo("Could not handle the alert for checkout: INC-42");
        // one entry per failed attempt here: Orquesta logs an error once per distinct result, and the mocks repeat
        assertThat(done.getStatus().errors.stream()
                        .map(e -> e.task + ": " + e.message.replaceAll(" Result: .*", ""))
                        .distinct())
                .containsExactlyElementsOf(rehearsal.errors().stream()
                        .map(e -> e.get("task_id") + ": " + e.get("message"))
                        .toList());
        assertThat(done.getStatus().errors.get(0).message).contains("not found");
        assertThat(done.getStatus().error).startsWith("Execution failed. See result for details.");
        assertThat(Json.mapper().convertValue(done.getStatus().result, Map.class))
                .isEqualTo(Map.of("incident", "INC-42"));
    }

    @Test
    void aTaskWhoseActionIsAWorkflowRunsItAsASubWorkflow() throws IOException {
        String ns = "wf-nested";
        exampleActions(ns);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: inner, namespace: %s}
                spec:
                  input: [who]
                  tasks:
                    greet:
                      action: chat-notify
                      input: {channel: inner, message: "hi {{ ctx().who }}"}
                      next: [{publish: [{said: "{{ result().stdout }}"}]}]
                  output: [{said: "{{ ctx().said }}"}]
                """.formatted(ns), Workflow.class);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: outer, namespace: %s}
                spec:
                  tasks:
                    call:
                      action: inner
                      input: {who: world}
                      next: [{publish: [{heard: "{{ result().said }}"}]}]
                  output: [{heard: "{{ ctx().heard }}"}]
                """.formatted(ns), Workflow.class);
        workflowExecution(ns, "outer-1", "outer", "{}");

        Execution done = awaitFinished(ns, "outer-1", ExecutionPhase.Succeeded);

        assertThat(done.getStatus().result.get("heard").asText()).isEqualTo("inner: hi world");
        Execution inner = children(ns, "outer-1").get(0);
        assertThat(inner.getSpec().action.kind).isEqualTo(io.squall.api.v1alpha1.ActionKind.Workflow);
        assertThat(inner.getStatus().result.get("said").asText()).isEqualTo("inner: hi world");
        assertThat(children(ns, inner.getMetadata().getName()))
                .singleElement()
                .satisfies(
                        greet -> assertThat(greet.getSpec().context.parentTask).isEqualTo("greet"));
    }

    @Test
    void aSecretTaskInputIsMaskedInTheChildAndReachesTheRunnerFromItsSecret() {
        String ns = "wf-secret";
        action(ns, "login", """
                  runner: shell
                  command: 'test "{{ token }}" = s3cret && echo "user {{ user }} logged in"'
                  parameters:
                    user: {type: string}
                    token: {type: string, secret: true}
                """);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: secretive, namespace: %s}
                spec:
                  input: [token]
                  tasks:
                    login: {action: login, input: {user: ada, token: "{{ ctx().token }}"}}
                """.formatted(ns), Workflow.class);
        workflowExecution(ns, "secretive-1", "secretive", "{token: s3cret}");

        awaitFinished(ns, "secretive-1", ExecutionPhase.Succeeded);

        Execution login = children(ns, "secretive-1").get(0);
        assertThat(login.getSpec().parameters.get("token").asText()).isEqualTo(Names.MASK);
        assertThat(login.getSpec().parameters.get("user").asText()).isEqualTo("ada");
        assertThat(login.getStatus().result.get("stdout").asText()).isEqualTo("user ada logged in");
        var secret = client.secrets()
                .inNamespace(ns)
                .withName(Names.secretParametersName(login.getMetadata().getName()))
                .get();
        assertThat(secret.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o ->
                        assertThat(o.getUid()).isEqualTo(login.getMetadata().getUid()));
    }

    @Test
    void aWorkflowWhoseRequiredParameterIsMissingFailsNamingItAndRunsNothing() throws IOException {
        String ns = "wf-params";
        exampleActions(ns);
        exampleWorkflow(ns, "handle-critical-alert");
        workflowExecution(ns, "alert-3", "handle-critical-alert", "{deployment: checkout}");

        Execution done = awaitFinished(ns, "alert-3", ExecutionPhase.Failed);

        assertThat(done.getStatus().error).startsWith("spec.parameters: ").contains("application");
        assertThat(children(ns, "alert-3")).isEmpty();
    }

    @Test
    void broadcastRunsOneChildPerItem() throws IOException {
        String ns = "wf-broadcast";
        exampleActions(ns);
        Workflow workflow = exampleWorkflow(ns, "broadcast");
        workflowExecution(ns, "bc-1", "broadcast", "{channels: [ops, sre, oncall], message: deploy done}");

        Execution done = awaitFinished(ns, "bc-1", ExecutionPhase.Succeeded);

        RehearsalOutcome rehearsal = rehearse(workflow, "broadcast.yaml");
        assertThat(rehearsal.passed())
                .as("offline rehearsal: %s", rehearsal.mismatches())
                .isTrue();
        assertThat(done.getStatus().tasks).extracting(t -> t.name).containsExactlyElementsOf(rehearsal.taskSequence());
        TaskState post = done.getStatus().tasks.get(0);
        assertThat(post.items).isEqualTo(3);
        assertThat(post.itemsDone).isEqualTo(3);
        assertThat(post.attempts).isEqualTo(3);
        assertThat(done.getStatus().progress).isEqualTo("2/2");

        List<Execution> posts = children(ns, "bc-1").stream()
                .filter(c -> "post".equals(c.getSpec().context.parentTask))
                .sorted(Comparator.comparing(c -> c.getSpec().context.itemId))
                .toList();
        assertThat(posts).extracting(c -> c.getSpec().context.itemId).containsExactly(0, 1, 2);
        assertThat(posts)
                .extracting(c -> c.getStatus().result.get("stdout").asText())
                .containsExactly("ops: deploy done", "sre: deploy done", "oncall: deploy done");
        assertThat(child(children(ns, "bc-1"), "done").getSpec().action.name).isEqualTo("settle");
    }

    @Test
    void aStepRepeatedAfterACrashCreatesNothingTwice() throws Exception {
        String ns = "wf-crash";
        action(ns, "slow", """
                  runner: shell
                  command: 'sleep {{ seconds }}; echo "{{ word }}"'
                  parameters:
                    seconds: {type: integer, default: 2}
                    word: {type: string}
                """);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: three, namespace: %s}
                spec:
                  tasks:
                    a:
                      action: slow
                      input: {word: a, seconds: 2}
                      next: [{do: [b]}]
                    b:
                      action: slow
                      input: {word: b, seconds: 3}
                      next: [{do: [c]}]
                    c:
                      action: slow
                      input: {word: c, seconds: 0}
                """.formatted(ns), Workflow.class);
        workflowExecution(ns, "three-1", "three", "{}");
        KeyValue bucket = nats.keyValue(WorkflowRunStore.BUCKET);
        String key = ns + ".three-1";

        // the state while a runs: the one a crash right after creating b's child would have left behind
        byte[] whileA = await().atMost(Kube.WAIT)
                .until(
                        () -> {
                            KeyValueEntry entry = bucket.get(key);
                            return entry == null ? null : entry.getValue();
                        },
                        value -> value != null && children(ns, "three-1").size() == 1);
        await().atMost(Kube.WAIT).until(() -> children(ns, "three-1").size() == 2);
        long revision = bucket.get(key).getRevision();
        bucket.update(key, whileA, revision);
        // any change reconciles the parent, which now steps from the old state (a merge patch: no resourceVersion,
        // so the operator's own writes meanwhile cannot make it a 409)
        client.resources(Execution.class)
                .inNamespace(ns)
                .withName("three-1")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"test/poke\":\"1\"}}}");

        Execution done = awaitFinished(ns, "three-1", ExecutionPhase.Succeeded);

        List<Execution> children = children(ns, "three-1");
        assertThat(children).extracting(c -> c.getSpec().context.parentTask).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(children)
                .allSatisfy(c -> assertThat(c.getSpec().context.taskAttempt).isEqualTo(1));
        assertThat(done.getStatus().tasks).extracting(t -> t.name).containsExactly("a", "b", "c");
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).hasSize(3);
    }

    @Test
    void theStateGoneMidWorkflowFailsItSayingSo() {
        String ns = "wf-lost";
        action(ns, "slow", "  runner: shell\n  command: sleep 2\n");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: two, namespace: %s}
                spec:
                  tasks:
                    a: {action: slow, next: [{do: [b]}]}
                    b: {action: slow}
                """.formatted(ns), Workflow.class);
        workflowExecution(ns, "two-1", "two", "{}");
        await().atMost(Kube.WAIT).until(() -> children(ns, "two-1").size() == 1);
        await().atMost(Kube.WAIT).until(() -> get(ns, "two-1").getStatus().phase == ExecutionPhase.Running);

        // the bucket entry goes, as if NATS had lost its storage
        try {
            nats.keyValue(WorkflowRunStore.BUCKET).purge(ns + ".two-1");
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        Execution done = awaitFinished(ns, "two-1", ExecutionPhase.Failed);
        assertThat(done.getStatus().error)
                .isEqualTo("the state of this workflow is gone from the JetStream bucket "
                        + "SQUALL_WORKFLOWS (deleted, or NATS lost its storage): it cannot go on");
        assertThat(children(ns, "two-1")).hasSize(1);
    }

    @Test
    void pauseLetsRunningTasksFinishStartsNothingAndResumeGoesOn() {
        String ns = "wf-pause";
        action(
                ns,
                "slow",
                "  runner: shell\n  command: 'sleep 2; echo {{ word }}'\n  parameters:\n    word: {type: string}\n");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: two, namespace: %s}
                spec:
                  tasks:
                    a: {action: slow, input: {word: a}, next: [{do: [route]}]}
                    route: {next: [{do: [b]}]}
                    b: {action: slow, input: {word: b}, delay: 1}
                """.formatted(ns), Workflow.class);
        workflowExecution(ns, "two-1", "two", "{}");
        await().atMost(Kube.WAIT).until(() -> children(ns, "two-1").size() == 1);

        setSpec(ns, "two-1", true, null);
        awaitPhase(ns, "two-1", ExecutionPhase.Paused);
        assertThat(children(ns, "two-1")).singleElement().satisfies(a -> {
            assertThat(a.getSpec().context.parentTask).isEqualTo("a");
            assertThat(a.getStatus().phase).isEqualTo(ExecutionPhase.Succeeded);
        });
        await().atMost(Kube.WAIT)
                .untilAsserted(() ->
                        assertThat(eventReasons(ns, "two-1")).containsSubsequence("Running", "Pausing", "Paused"));

        setSpec(ns, "two-1", false, null);
        Execution done = awaitFinished(ns, "two-1", ExecutionPhase.Succeeded);
        assertThat(done.getStatus().tasks).extracting(t -> t.name).containsExactly("a", "route", "b");
        // the routing task created no Execution
        assertThat(children(ns, "two-1"))
                .extracting(c -> c.getSpec().context.parentTask)
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void cancelStopsTheRunningChildrenAndEndsCanceled() {
        String ns = "wf-cancel";
        action(ns, "long", "  runner: shell\n  command: sleep 60\n");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: long, namespace: %s}
                spec:
                  tasks:
                    a: {action: long, next: [{do: [b]}]}
                    b: {action: long}
                """.formatted(ns), Workflow.class);
        workflowExecution(ns, "long-1", "long", "{}");
        await().atMost(Kube.WAIT)
                .until(() -> children(ns, "long-1").size() == 1
                        && children(ns, "long-1").get(0).getStatus() != null
                        && children(ns, "long-1").get(0).getStatus().phase == ExecutionPhase.Running);

        setSpec(ns, "long-1", null, true);

        Execution done = awaitFinished(ns, "long-1", ExecutionPhase.Canceled);
        assertThat(children(ns, "long-1")).singleElement().satisfies(a -> {
            assertThat(a.getSpec().cancel).isTrue();
            assertThat(a.getStatus().phase).isEqualTo(ExecutionPhase.Canceled);
        });
        assertThat(done.getStatus().tasks)
                .singleElement()
                .satisfies(t -> assertThat(t.phase).isEqualTo(ExecutionPhase.Canceled));
        await().atMost(Kube.WAIT)
                .until(() -> client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns)
                        .list()
                        .getItems()
                        .isEmpty());
    }

    @Test
    void aReRunFromTheFailedTaskReusesWhatRanBeforeItAndLeavesTheFirstRunAlone() throws Exception {
        String ns = "wf-rerun";
        Path flag = Files.createTempFile("squall-rerun", ".flag");
        Files.delete(flag);
        action(ns, "say", "  runner: shell\n  command: 'echo {{ word }}'\n  parameters:\n    word: {type: string}\n");
        action(ns, "needs-flag", "  runner: shell\n  command: 'test -f " + flag + " && echo flag-found'\n");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: flaky, namespace: %s}
                spec:
                  tasks:
                    first:
                      action: say
                      input: {word: one}
                      next: [{when: "{{ succeeded() }}", publish: [{said: "{{ result().stdout }}"}], do: [check]}]
                    check:
                      action: needs-flag
                      next: [{when: "{{ succeeded() }}", do: [last]}]
                    last:
                      action: say
                      input: {word: "{{ ctx().said }} two"}
                  output: [{said: "{{ ctx().said }}"}]
                """.formatted(ns), Workflow.class);
        workflowExecution(ns, "flaky-1", "flaky", "{}");
        Execution failed = awaitFinished(ns, "flaky-1", ExecutionPhase.Failed);
        assertThat(failed.getStatus().tasks).extracting(t -> t.name).containsExactly("first", "check");
        assertThat(eventReasons(ns, "flaky-1")).contains("TaskFailed");

        Files.writeString(flag, "");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Execution
                metadata: {name: flaky-2, namespace: %s}
                spec:
                  action: {kind: Workflow, name: flaky}
                  rerun: {execution: flaky-1, tasks: [check]}
                """.formatted(ns), Execution.class);
        Execution done = awaitFinished(ns, "flaky-2", ExecutionPhase.Succeeded);

        // first ran once, in flaky-1: its published value reaches the re-run's tasks and output
        assertThat(children(ns, "flaky-2"))
                .extracting(c -> c.getSpec().context.parentTask)
                .containsExactlyInAnyOrder("check", "last");
        assertThat(child(children(ns, "flaky-2"), "last")
                        .getSpec()
                        .parameters
                        .get("word")
                        .asText())
                .isEqualTo("one two");
        assertThat(done.getStatus().result.get("said").asText()).isEqualTo("one");
        assertThat(done.getStatus().tasks)
                .extracting(t -> t.name + ":" + t.phase)
                .containsExactly("first:Succeeded", "check:Failed", "check:Succeeded", "last:Succeeded");
        assertThat(done.getStatus().tasks.get(0).execution)
                .isEqualTo(child(children(ns, "flaky-1"), "first").getMetadata().getName());
        assertThat(done.getStatus().progress).isEqualTo("3/3");
        assertThat(get(ns, "flaky-1").getStatus().phase).isEqualTo(ExecutionPhase.Failed);
        assertThat(children(ns, "flaky-1")).hasSize(2);
        Files.deleteIfExists(flag);

        // a task that never ran, and a run whose state is not kept, are refused naming the field
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Execution
                metadata: {name: flaky-3, namespace: %s}
                spec:
                  action: {kind: Workflow, name: flaky}
                  rerun: {execution: flaky-1, tasks: [nope]}
                """.formatted(ns), Execution.class);
        assertThat(awaitFinished(ns, "flaky-3", ExecutionPhase.Failed).getStatus().error)
                .isEqualTo("spec.rerun.tasks: nope did not run in flaky-1 (tasks that ran: first, check)");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Execution
                metadata: {name: flaky-4, namespace: %s}
                spec:
                  action: {kind: Workflow, name: flaky}
                  rerun: {execution: never-ran}
                """.formatted(ns), Execution.class);
        assertThat(awaitFinished(ns, "flaky-4", ExecutionPhase.Failed).getStatus().error)
                .startsWith("spec.rerun.execution: the state of workflow Execution never-ran is not in the JetStream "
                        + "bucket SQUALL_WORKFLOWS");
        assertThat(children(ns, "flaky-3")).isEmpty();
    }

    @Test
    void aPausedSubWorkflowPausesItsParentAndPauseAndResumeCascadeDown() {
        String ns = "wf-subpause";
        action(
                ns,
                "slow",
                "  runner: shell\n  command: 'sleep 2; echo {{ word }}'\n  parameters:\n    word: {type: string}\n");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: inner, namespace: %s}
                spec:
                  tasks:
                    a: {action: slow, input: {word: a}, next: [{do: [b]}]}
                    b: {action: slow, input: {word: b}}
                  output:
                    - me: "{{ ctx().st2.action_execution_id }}"
                    - up: "{{ ctx().parent.parent.execution_id }}"
                    - task: "<%% ctx(parent).orquesta.task_name %%>"
                """.formatted(ns), Workflow.class);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: outer, namespace: %s}
                spec:
                  tasks:
                    call: {action: inner, next: [{publish: [{inner: "{{ result() }}"}]}]}
                  output: [{inner: "{{ ctx().inner }}"}]
                """.formatted(ns), Workflow.class);

        // paused from below: the sub-workflow pauses, and with nothing else running so does its parent
        workflowExecution(ns, "outer-1", "outer", "{}");
        String inner = await().atMost(Kube.WAIT)
                .until(() -> children(ns, "outer-1"), c -> c.size() == 1)
                .get(0)
                .getMetadata()
                .getName();
        setSpec(ns, inner, true, null);
        awaitPhase(ns, inner, ExecutionPhase.Paused);
        awaitPhase(ns, "outer-1", ExecutionPhase.Paused);
        assertThat(get(ns, "outer-1").getSpec().pause).isNull();
        setSpec(ns, inner, false, null);
        awaitFinished(ns, inner, ExecutionPhase.Succeeded);
        Execution done = awaitFinished(ns, "outer-1", ExecutionPhase.Succeeded);
        // ctx(st2) and ctx(parent) of the sub-workflow name itself, its parent and the task that runs it
        assertThat(Json.mapper().convertValue(done.getStatus().result.get("inner"), Map.class))
                .isEqualTo(Map.of("me", inner, "up", "outer-1", "task", "call"));

        // paused from above: the parent's pause reaches the running sub-workflow, and so does its resume
        workflowExecution(ns, "outer-2", "outer", "{}");
        String inner2 = await().atMost(Kube.WAIT)
                .until(() -> children(ns, "outer-2"), c -> c.size() == 1)
                .get(0)
                .getMetadata()
                .getName();
        setSpec(ns, "outer-2", true, null);
        awaitPhase(ns, "outer-2", ExecutionPhase.Paused);
        assertThat(get(ns, inner2).getSpec().pause).isTrue();
        assertThat(get(ns, inner2).getStatus().phase).isEqualTo(ExecutionPhase.Paused);
        setSpec(ns, "outer-2", false, null);
        awaitFinished(ns, "outer-2", ExecutionPhase.Succeeded);
        assertThat(get(ns, inner2).getSpec().pause).isNull();
        assertThat(get(ns, inner2).getStatus().phase).isEqualTo(ExecutionPhase.Succeeded);
    }

    @Test
    void aFinishedWorkflowPublishesCoreActionCompletedWithItsOutput() throws Exception {
        String ns = "wf-completed";
        action(ns, "say", "  runner: shell\n  command: 'echo {{ word }}'\n  parameters:\n    word: {type: string}\n");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: one, namespace: %s}
                spec:
                  tasks:
                    a: {action: say, input: {word: hi}, next: [{publish: [{said: "{{ result().stdout }}"}]}]}
                  output: [{said: "{{ ctx().said }}"}]
                """.formatted(ns), Workflow.class);
        workflowExecution(ns, "one-1", "one", "{}");
        awaitFinished(ns, "one-1", ExecutionPhase.Succeeded);
        await().atMost(Kube.WAIT)
                .until(() -> Conditions.isTrue(get(ns, "one-1").getStatus(), Conditions.TRIGGER_PUBLISHED));

        var completed = completedTriggers(ns).stream()
                .filter(t -> "one-1".equals(t.payload().get("execution_id").asText()))
                .toList();
        assertThat(completed).singleElement().satisfies(t -> {
            assertThat(t.payload().get("status").asText()).isEqualTo("succeeded");
            assertThat(t.payload().get("action_kind").asText()).isEqualTo("Workflow");
            assertThat(t.payload().get("result").get("said").asText()).isEqualTo("hi");
        });
    }

    @Test
    void aChildDeletedBeforeItFinishedFailsItsTaskSayingSo() {
        String ns = "wf-vanish";
        action(ns, "slow", "  runner: shell\n  command: sleep 3\n");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: one, namespace: %s}
                spec:
                  tasks:
                    a: {action: slow}
                """.formatted(ns), Workflow.class);
        workflowExecution(ns, "one-1", "one", "{}");
        Execution a = await().atMost(Kube.WAIT)
                .until(() -> children(ns, "one-1"), c -> c.size() == 1)
                .get(0);

        client.resource(a).delete();

        Execution done = awaitFinished(ns, "one-1", ExecutionPhase.Failed);
        assertThat(done.getStatus().errors).first().satisfies(e -> {
            assertThat(e.task).isEqualTo("a");
            assertThat(e.message)
                    .contains("child Execution " + a.getMetadata().getName() + " was deleted before it finished");
        });
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void setSpec(String ns, String name, Boolean pause, Boolean cancel) {
        Kube.edit(client, ns, name, e -> {
            if (pause != null) {
                e.getSpec().pause = pause;
            }
            if (cancel != null) {
                e.getSpec().cancel = cancel;
            }
            return e;
        });
    }

    private Execution workflowExecution(String ns, String name, String workflow, String parameters) {
        return apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name
                        + ", namespace: " + ns
                        + ", annotations: {test/created: by-hand}}\nspec:\n  action: {kind: Workflow, name: "
                        + workflow + "}\n  parameters: " + parameters + "\n",
                Execution.class);
    }

    /** The Workflow document of packs/examples/autoscale-workflows.yaml, applied in the namespace as written. */
    private Workflow exampleWorkflow(String ns, String name) throws IOException {
        return exampleWorkflow(ns, name, "", "");
    }

    private Workflow exampleWorkflow(String ns, String name, String from, String to) throws IOException {
        String all = Files.readString(EXAMPLES.resolve("autoscale-workflows.yaml"));
        for (String document : all.split("\n---\n")) {
            if (document.contains("\n  name: " + name + "\n")) {
                return apply(
                        client,
                        document.replace(
                                        "\n  name: " + name + "\n", "\n  name: " + name + "\n  namespace: " + ns + "\n")
                                .replace(from, to),
                        Workflow.class);
            }
        }
        throw new AssertionError("no Workflow " + name + " in autoscale-workflows.yaml");
    }

    @SuppressWarnings("unchecked")
    private static RehearsalOutcome rehearse(Workflow workflow, String file) throws IOException {
        Map<String, Object> testCase =
                new Yaml().load(Files.readString(EXAMPLES.resolve("workflows").resolve(file)));
        return new Rehearsal(Expressions.standard(KvLookup.EMPTY))
                .run(WorkflowGraph.orquesta(workflow.getSpec()), testCase)
                .outcome();
    }

    /** Every core.action.completed trigger of the namespace in SQUALL_TRIGGERS. */
    private List<io.squall.api.messages.TriggerEvent> completedTriggers(String ns) throws Exception {
        var jsm = nats.jetStreamManagement();
        String subject = io.squall.api.messages.Subjects.trigger(ns, io.squall.api.messages.Subjects.ACTION_COMPLETED);
        var info = jsm.getStreamInfo(io.squall.api.messages.Subjects.TRIGGER_STREAM)
                .getStreamState();
        List<io.squall.api.messages.TriggerEvent> out = new java.util.ArrayList<>();
        for (long seq = info.getFirstSequence(); seq <= info.getLastSequence(); seq++) {
            try {
                var message = jsm.getMessage(io.squall.api.messages.Subjects.TRIGGER_STREAM, seq);
                if (subject.equals(message.getSubject())) {
                    out.add(Json.fromBytes(message.getData(), io.squall.api.messages.TriggerEvent.class));
                }
            } catch (io.nats.client.JetStreamApiException e) {
                // a deleted message
            }
        }
        return out;
    }

    private List<Execution> children(String ns, String parent) {
        return client.resources(Execution.class)
                .inNamespace(ns)
                .withLabel(Names.LABEL_PARENT, parent)
                .list()
                .getItems();
    }

    private static Execution child(List<Execution> children, String task) {
        return children.stream()
                .filter(c -> task.equals(c.getSpec().context.parentTask))
                .findFirst()
                .orElseThrow();
    }
}
