package io.squall.operator.reconciler;

import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.assertReady;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static io.squall.operator.testsupport.Kube.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Workflow;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class WorkflowReconcilerTest {

    @Inject
    KubernetesClient client;

    private static String workflow(String namespace, String name, String tasks) {
        return "apiVersion: squall.io/v1alpha1\nkind: Workflow\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n  tasks:\n" + tasks;
    }

    private void action(String namespace, String name) {
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: " + name + ", namespace: " + namespace
                        + "}\nspec: {runner: noop}\n",
                Action.class);
    }

    @Test
    void validWorkflowReportsTaskCountAndStartTasks() {
        String ns = "wf-valid";
        action(ns, "check");
        action(ns, "notify");
        apply(client, workflow(ns, "triage", """
                    check:
                      action: check
                      next:
                        - when: "{{ succeeded() }}"
                          do: [notify]
                        - when: "{{ failed() }}"
                          do: [fail]
                    notify:
                      action: notify
                    audit: {}
                """), Workflow.class);
        Workflow workflow = awaitReady(client, Workflow.class, ns, "triage", "True", Reasons.VALID);
        assertReady(workflow, "True", Reasons.VALID, "spec is valid");
        assertThat(workflow.getStatus().taskCount).isEqualTo(3);
        assertThat(workflow.getStatus().startTasks)
                .as("Orquesta's start tasks, sorted")
                .containsExactly("audit", "check");
    }

    @Test
    void workflowWithoutStartTask() {
        apply(client, workflow("wf-loop", "loop", """
                    a:
                      next: [{do: [b]}]
                    b:
                      next: [{do: [a]}]
                """), Workflow.class);
        Workflow workflow = awaitReady(client, Workflow.class, "wf-loop", "loop", "False", Reasons.NO_START_TASK);
        assertThat(workflow.getStatus().startTasks).isNullOrEmpty();
        assertThat(workflow.getStatus().taskCount).isEqualTo(2);
        assertThat(message(workflow))
                .isEqualTo(
                        "spec.tasks: no start task: every task is the target of some next.do, so the workflow cannot begin");
    }

    @Test
    void unknownTaskInNextDoNamesTheTransition() {
        apply(client, workflow("wf-typo", "typo", """
                    a:
                      next:
                        - do: [b]
                        - do: [c]
                    b: {}
                """), Workflow.class);
        Workflow workflow = awaitReady(client, Workflow.class, "wf-typo", "typo", "False", Reasons.UNKNOWN_TASK);
        assertThat(message(workflow)).startsWith("spec.tasks.a.next[1].do: task \"c\" is not defined");
    }

    @Test
    void unknownTaskActionThenTheActionIsCreated() {
        String ns = "wf-late-action";
        apply(client, workflow(ns, "w", "    only:\n      action: later\n"), Workflow.class);
        Workflow waiting = awaitReady(client, Workflow.class, ns, "w", "False", Reasons.ACTION_NOT_FOUND);
        assertThat(message(waiting))
                .isEqualTo(
                        "spec.tasks.only.action: Action or Workflow \"later\" not found in namespace \"wf-late-action\"");
        action(ns, "later");
        awaitReady(client, Workflow.class, ns, "w", "True", Reasons.VALID);
    }

    @Test
    void taskMayRunASubWorkflowThatAppearsLater() {
        String ns = "wf-sub";
        apply(client, workflow(ns, "parent", "    call:\n      action: child\n"), Workflow.class);
        awaitReady(client, Workflow.class, ns, "parent", "False", Reasons.ACTION_NOT_FOUND);
        apply(client, workflow(ns, "child", "    only: {}\n"), Workflow.class);
        awaitReady(client, Workflow.class, ns, "parent", "True", Reasons.VALID);
    }

    private static String message(Workflow workflow) {
        return ready(workflow).getMessage();
    }
}
