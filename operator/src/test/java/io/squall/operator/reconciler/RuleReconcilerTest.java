package io.squall.operator.reconciler;

import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.assertReady;
import static io.squall.operator.testsupport.Kube.awaitReady;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.Workflow;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RuleReconcilerTest {

    @Inject
    KubernetesClient client;

    private static String rule(String namespace, String name, String spec) {
        return "apiVersion: squall.io/v1alpha1\nkind: Rule\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n" + spec;
    }

    @Test
    void ruleBecomesReadyWhenItsMissingActionIsCreatedAndNotReadyWhenItIsDeleted() {
        String ns = "rule-late-action";
        apply(client, rule(ns, "on-alert", "  trigger: {type: core.webhook}\n  action: {ref: foo}\n"), Rule.class);
        Rule waiting = awaitReady(client, Rule.class, ns, "on-alert", "False", Reasons.ACTION_NOT_FOUND);
        assertReady(
                waiting,
                "False",
                Reasons.ACTION_NOT_FOUND,
                "spec.action.ref: Action \"foo\" not found in namespace \"rule-late-action\"");

        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: foo, namespace: " + ns
                        + "}\nspec: {runner: noop}\n",
                Action.class);
        assertReady(
                awaitReady(client, Rule.class, ns, "on-alert", "True", Reasons.VALID),
                "True",
                Reasons.VALID,
                "spec is valid");

        client.resources(Action.class).inNamespace(ns).withName("foo").delete();
        awaitReady(client, Rule.class, ns, "on-alert", "False", Reasons.ACTION_NOT_FOUND);
    }

    @Test
    void anActionOfTheSameNameInAnotherNamespaceDoesNotCount() {
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: shared, namespace: rule-other-ns}\nspec: {runner: noop}\n",
                Action.class);
        apply(
                client,
                rule("rule-this-ns", "r", "  trigger: {type: core.webhook}\n  action: {ref: shared}\n"),
                Rule.class);
        assertReady(
                awaitReady(client, Rule.class, "rule-this-ns", "r", "False", Reasons.ACTION_NOT_FOUND),
                "False",
                Reasons.ACTION_NOT_FOUND,
                "spec.action.ref: Action \"shared\" not found in namespace \"rule-this-ns\"");
    }

    @Test
    void ruleRunningAWorkflowWaitsForTheWorkflow() {
        String ns = "rule-workflow";
        apply(
                client,
                rule(ns, "r", "  trigger: {type: core.webhook}\n  action: {ref: remediate, kind: Workflow}\n"),
                Rule.class);
        assertReady(
                awaitReady(client, Rule.class, ns, "r", "False", Reasons.ACTION_NOT_FOUND),
                "False",
                Reasons.ACTION_NOT_FOUND,
                "spec.action.ref: Workflow \"remediate\" not found in namespace \"rule-workflow\"");
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Workflow\nmetadata: {name: remediate, namespace: " + ns
                        + "}\nspec:\n  tasks:\n    only: {}\n",
                Workflow.class);
        awaitReady(client, Rule.class, ns, "r", "True", Reasons.VALID);
    }

    @Test
    void badCriteriaAndTimerParametersNameTheField() {
        String ns = "rule-invalid";
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: notify, namespace: " + ns
                        + "}\nspec: {runner: noop}\n",
                Action.class);
        apply(client, rule(ns, "search", """
                  trigger: {type: core.webhook}
                  criteria:
                    trigger.body.items: {type: search, pattern: {item.name: {type: equals, pattern: a}}}
                  action: {ref: notify}
                """), Rule.class);
        assertReady(
                awaitReady(client, Rule.class, ns, "search", "False", Reasons.INVALID_CRITERIA),
                "False",
                Reasons.INVALID_CRITERIA,
                "spec.criteria[\"trigger.body.items\"].condition: is required for type search (any, all, all2any or any2any)");

        apply(client, rule(ns, "timer", """
                  trigger: {type: core.timer.interval, parameters: {unit: seconds}}
                  action: {ref: notify}
                """), Rule.class);
        assertReady(
                awaitReady(client, Rule.class, ns, "timer", "False", Reasons.INVALID_TRIGGER),
                "False",
                Reasons.INVALID_TRIGGER,
                "spec.trigger.parameters.delta: is required for core.timer.interval");
    }
}
