package io.squall.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Workflow;
import io.squall.operator.testsupport.Resources;
import io.squall.operator.workflow.WorkflowGraph;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowValidatorTest {

    private static final ReferenceLookup EXISTING = (kind, name) -> kind == ActionKind.Action
            ? Set.of("check", "notify").contains(name)
            : Set.of("sub").contains(name);

    private static Workflow workflow(String tasks) {
        return Resources.yaml(
                "apiVersion: squall.io/v1alpha1\nkind: Workflow\nmetadata: {name: w, namespace: ops}\nspec:\n  tasks:\n"
                        + tasks,
                Workflow.class);
    }

    private static Validation validate(String tasks) {
        return WorkflowValidator.validate(workflow(tasks).getSpec(), "ops", EXISTING);
    }

    private static final String VALID = """
                check:
                  action: check
                  next:
                    - when: "{{ succeeded() }}"
                      do: [notify, nested]
                    - when: "{{ failed() }}"
                      do: [fail]
                notify:
                  action: notify
                nested:
                  action: sub
                  next:
                    - do: "noop, continue"
                cleanup:
                  action: notify
            """;

    @Test
    void validWorkflowHasStartTasksAndKnownTargets() {
        Validation v = validate(VALID);
        assertThat(v.isValid()).as(v.message()).isTrue();
        WorkflowGraph graph = WorkflowGraph.of(workflow(VALID).getSpec());
        assertThat(graph.taskCount()).isEqualTo(4);
        assertThat(graph.startTasks()).containsExactly("check", "cleanup");
    }

    @Test
    void orquestaInspectionErrorsNameTheField() {
        Validation v = validate("""
                    a:
                      action: check
                      input:
                        text: "{{ ctx().nowhere }}"
                      next:
                        - when: "<% succeeded() %> {{ failed() }}"
                          do: notify
                    notify:
                      action: notify
                """);
        assertThat(v.problems())
                .extracting(Problem::toString)
                .anySatisfy(
                        p -> assertThat(p)
                                .isEqualTo(
                                        "spec.tasks.a.input: context: Variable \"nowhere\" is referenced before assignment. (expression {{ ctx().nowhere }})"));
        assertThat(v.problems())
                .extracting(Problem::toString)
                .anySatisfy(
                        p -> assertThat(p)
                                .startsWith(
                                        "spec.tasks.a.next[0].when: expressions: Expression with multiple types is not supported."));
        assertThat(v.reason()).isEqualTo(Reasons.INVALID_WORKFLOW);
    }

    @Test
    void theRuntimeContextStackStormProvidesIsKnownToInspection() {
        Validation v = validate("""
                    a:
                      action: check
                      input:
                        text: "{{ ctx().st2.action_execution_id }}"
                        rule: "<% ctx(parent).rule %>"
                      next:
                        - do: notify
                    notify:
                      action: notify
                      input:
                        text: "{{ ctx().nope }}"
                """);
        assertThat(v.isValid()).isFalse();
        assertThat(v.message())
                .isEqualTo("spec.tasks.notify.input: context: Variable \"nope\" is referenced before "
                        + "assignment. (expression {{ ctx().nope }})");
    }

    @Test
    void everyOrquestaFormIsAccepted() {
        Validation v = validate("""
                    a:
                      action: check message=<% ctx().x %>
                      with: x in <% ctx().xs %>
                      delay: <% ctx().d %>
                      retry: {when: "<% failed() %>", count: "<% ctx().n %>", delay: 2}
                      next:
                        - publish: y=<% result() %> z=1
                          do: notify
                        - when: <% failed() %>
                          publish: [{w: 1}]
                          do: [notify]
                    notify:
                      action: notify
                      join: all
                """.replace("<% ctx().x %>", "<% item(x) %>").replace("ctx().xs", "ctx().xs"));
        assertThat(v.problems())
                .extracting(Problem::toString)
                .allSatisfy(p -> assertThat(p).contains("is referenced before assignment"));
    }

    @Test
    void everyTaskBeingATargetMeansNoStartTask() {
        Validation v = validate("""
                    a:
                      next: [{do: [b]}]
                    b:
                      next: [{do: [a]}]
                """);
        assertThat(v.reason()).isEqualTo(Reasons.NO_START_TASK);
        assertThat(v.message()).startsWith("spec.tasks: no start task");
    }

    @Test
    void unknownTaskInNextDoNamesTaskAndTransition() {
        Validation v = validate("""
                    a:
                      next:
                        - do: [b]
                        - when: "{{ failed() }}"
                          do: [b, typo]
                    b: {}
                """);
        assertThat(v.reason()).isEqualTo(Reasons.UNKNOWN_TASK);
        assertThat(v.message()).startsWith("spec.tasks.a.next[1].do: task \"typo\" is not defined (tasks: [a, b]");
    }

    @Test
    void commaSeparatedTargetsAreCheckedOneByOne() {
        Validation v = validate("""
                    a:
                      next: [{do: "b, nope"}]
                    b: {}
                """);
        assertThat(v.problems())
                .extracting(Problem::toString)
                .singleElement()
                .asString()
                .startsWith("spec.tasks.a.next[0].do: task \"nope\" is not defined");
    }

    @Test
    void unknownActionOfATask() {
        Validation v = validate("""
                    a:
                      action: missing
                """);
        assertThat(v.reason()).isEqualTo(Reasons.ACTION_NOT_FOUND);
        assertThat(v.message())
                .isEqualTo("spec.tasks.a.action: Action or Workflow \"missing\" not found in namespace \"ops\"");
    }

    @Test
    void workflowParametersAreCheckedLikeActionParameters() {
        Workflow w = Resources.yaml("""
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: w, namespace: ops}
                spec:
                  parameters:
                    retries: {type: integer, default: many}
                  tasks:
                    a: {}
                """, Workflow.class);
        assertThat(WorkflowValidator.validate(w.getSpec(), "ops", EXISTING).message())
                .isEqualTo("spec.parameters.retries.default: \"many\" is not an integer");
    }
}
