package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionRef;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.CriterionOperator;
import io.squall.api.v1alpha1.CriterionSpec;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.ExecutionTarget;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.api.v1alpha1.TriggerRef;
import io.squall.local.LocalApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generated CRDs on a real kube-apiserver: they are accepted, the samples validate, invalid
 * resources are rejected with the schema's message, and kubectl shows the printer columns.
 */
class CrdsOnRealApiServerTest {

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static List<CustomResourceDefinition> installed;

    @BeforeAll
    static void installCrds() throws IOException {
        installed = apiServer.installCrds(SquallRepository.crds());
    }

    private static KubernetesClient client() {
        return apiServer.client();
    }

    private static void createNamespace(String name) {
        client().resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
    }

    @Test
    void everyCrdIsEstablishedInTheSquallCategory() {
        assertThat(installed)
                .extracting(crd -> crd.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "actions.squall.io",
                        "workflows.squall.io",
                        "rules.squall.io",
                        "sensors.squall.io",
                        "executions.squall.io");
        for (CustomResourceDefinition crd : installed) {
            CustomResourceDefinition stored = client().apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .get();
            assertThat(LocalApiServer.isEstablished(stored))
                    .as("%s Established", crd.getMetadata().getName())
                    .isTrue();
            assertThat(stored.getSpec().getNames().getCategories()).containsExactly("squall");
            assertThat(stored.getSpec().getScope()).isEqualTo("Namespaced");
            assertThat(stored.getSpec().getVersions()).singleElement().satisfies(version -> {
                assertThat(version.getName()).isEqualTo("v1alpha1");
                assertThat(version.getSubresources().getStatus()).isNotNull();
            });
            // a CRD the API server had to fix up would carry a NonStructuralSchema condition
            assertThat(stored.getStatus().getConditions())
                    .noneMatch(c -> "NonStructuralSchema".equals(c.getType()) && "True".equals(c.getStatus()));
        }
    }

    @Test
    void everySampleResourceIsAcceptedWithoutLosingAField() throws IOException {
        List<ManifestFiles.Document> documents = new ArrayList<>(ManifestFiles.under(SquallRepository.packs()));
        assertThat(documents).as("sample resources under packs/").isNotEmpty();
        assertThat(documents)
                .extracting(ManifestFiles.Document::kind)
                .contains("Action", "Workflow", "Rule", "Sensor", "Execution", "Secret", "ConfigMap");

        List<String> failures = new ArrayList<>();
        Map<Path, String> namespaces = new HashMap<>();
        for (ManifestFiles.Document document : documents) {
            if (document.isPlainData()) {
                // e.g. the trigger payloads of packs/examples/rule-test: data for `squall rule test`, not manifests
                System.out.println("not a Kubernetes object, not applied: " + document);
                continue;
            }
            if (!document.isKubernetesObject()) {
                failures.add(document + ": has only one of apiVersion and kind");
                continue;
            }
            HasMetadata object = SERIALIZATION.convertValue(document.content(), GenericKubernetesResource.class);
            // one namespace per folder: a folder is applied as a whole (kubectl apply -f DIR), and folders may
            // hold alternatives to each other (workflows/stand-in-actions.yaml replaces the example actions)
            String namespace = namespaces.computeIfAbsent(document.file().getParent(), dir -> {
                String name = "samples-" + namespaces.size();
                createNamespace(name);
                return name;
            });
            try {
                HasMetadata created =
                        client().resource(object).inNamespace(namespace).create();
                if (document.apiVersion().startsWith("squall.io/")) {
                    GenericKubernetesResource stored = client().genericKubernetesResources(
                                    document.apiVersion(), document.kind())
                            .inNamespace(namespace)
                            .withName(created.getMetadata().getName())
                            .get();
                    JsonNode submitted =
                            SERIALIZATION.convertValue(document.content().get("spec"), JsonNode.class);
                    JsonNode kept = SERIALIZATION.convertValue(
                            stored.getAdditionalProperties().get("spec"), JsonNode.class);
                    JsonFields.missing("spec", submitted, kept)
                            .forEach(path -> failures.add(
                                    document + ": the API server dropped " + path + " (not in the schema)"));
                }
            } catch (KubernetesClientException e) {
                failures.add(document + ": rejected: " + e.getStatus().getMessage());
            }
        }
        assertThat(failures)
                .as("sample resources the API server refused or pruned")
                .isEmpty();
    }

    @Test
    void theReadmeCommandsApplyTheExamplesWithKubectl() {
        createNamespace("readme");
        String core = SquallRepository.packs().resolve("core").toString();
        String examples = SquallRepository.examples().toString();

        Kubectl.Result applied = apiServer
                .kubectl("apply", "-n", "readme", "-f", core, "-f", examples)
                .requireSuccess();
        Kubectl.Result run = apiServer
                .kubectl(
                        "create",
                        "-n",
                        "readme",
                        "-f",
                        SquallRepository.examples()
                                .resolve("executions/hello-run.yaml")
                                .toString())
                .requireSuccess();

        assertThat(applied.lines())
                .contains(
                        "action.squall.io/core-local created",
                        "action.squall.io/hello created",
                        "workflow.squall.io/handle-critical-alert created",
                        "rule.squall.io/app-critical created",
                        "sensor.squall.io/app-alerts created",
                        "secret/app-alerts-webhook created");
        assertThat(run.stdout()).startsWith("execution.squall.io/hello-").endsWith(" created\n");
    }

    private static KubernetesClientException rejectionOf(String yaml) {
        // generic, so that the client sends exactly what a user would, even where the Java types could not hold it
        HasMetadata object = SERIALIZATION.unmarshal(yaml, GenericKubernetesResource.class);
        try {
            client().resource(object).inNamespace("default").create();
        } catch (KubernetesClientException e) {
            return e;
        }
        return fail("the API server accepted:\n" + yaml);
    }

    @Test
    void unknownCriteriaOperatorIsRejectedListingTheAllowedOperators() {
        KubernetesClientException rejection = rejectionOf("""
            apiVersion: squall.io/v1alpha1
            kind: Rule
            metadata: {name: typo-in-operator}
            spec:
              trigger: {type: core.webhook}
              criteria:
                trigger.body.severity: {type: equalz, pattern: critical}
              action: {ref: chat-notify}
            """);

        assertThat(rejection.getCode()).isEqualTo(422);
        assertThat(rejection.getStatus().getMessage())
                .contains("spec.criteria.trigger.body.severity.type")
                .contains("Unsupported value: \"equalz\"")
                .contains("\"equals\"", "\"matchregex\"", "\"search\"", "\"timediff_lt\"");
    }

    @Test
    void ruleWithoutActionRefIsRejectedNamingTheField() {
        KubernetesClientException rejection = rejectionOf("""
            apiVersion: squall.io/v1alpha1
            kind: Rule
            metadata: {name: no-action-ref}
            spec:
              trigger: {type: core.webhook}
              action:
                parameters: {message: hi}
            """);

        assertThat(rejection.getCode()).isEqualTo(422);
        assertThat(rejection.getStatus().getMessage()).contains("spec.action.ref: Required value");
    }

    @Test
    void actionTimeoutThatIsNotANumberIsRejected() {
        KubernetesClientException rejection = rejectionOf("""
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata: {name: slow}
            spec:
              runner: shell
              command: sleep 1
              timeout: abc
            """);

        assertThat(rejection.getCode()).isEqualTo(422);
        assertThat(rejection.getStatus().getMessage()).contains("spec.timeout").contains("must be of type integer");
    }

    @Test
    void valuesOutsideTheSchemaBoundsAndEnumsAreRejected() {
        KubernetesClientException rejection = rejectionOf("""
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata: {name: out-of-bounds}
            spec:
              runner: bash
              timeout: 0
            """);

        assertThat(rejection.getStatus().getMessage())
                .contains("spec.runner: Unsupported value: \"bash\"")
                .contains("spec.timeout")
                .contains("should be greater than or equal to 1");
    }

    @Test
    void namesThatBreakThePatternAreRejectedQuotingThePattern() {
        KubernetesClientException rejection = rejectionOf("""
            apiVersion: squall.io/v1alpha1
            kind: Rule
            metadata: {name: bad-names}
            spec:
              trigger: {type: "core webhook"}
              action: {ref: Chat_Notify}
            """);

        assertThat(rejection.getCode()).isEqualTo(422);
        assertThat(rejection.getStatus().getMessage())
                .contains("spec.action.ref")
                .contains("should match '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$'")
                .contains("spec.trigger.type");
    }

    @Test
    void kubectlShowsTheRejectionToTheUser() throws IOException {
        Path invalid = Files.writeString(apiServer.workDir().resolve("invalid-rule.yaml"), """
            apiVersion: squall.io/v1alpha1
            kind: Rule
            metadata: {name: kubectl-typo}
            spec:
              trigger: {type: core.webhook}
              criteria:
                trigger.body.severity: {type: equalz, pattern: critical}
              action: {ref: chat-notify}
            """);

        Kubectl.Result result = apiServer.kubectl("create", "-n", "default", "-f", invalid.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr())
                .contains("The Rule \"kubectl-typo\" is invalid")
                .contains("spec.criteria.trigger.body.severity.type: Unsupported value: \"equalz\"");
    }

    @Test
    void kubectlShowsThePrinterColumnsCategoryAndShortNames() {
        String ns = "columns";
        createNamespace(ns);
        Action action = new Action();
        action.setMetadata(new ObjectMetaBuilder().withName("scale-up").build());
        action.setSpec(new ActionSpec());
        action.getSpec().runner = RunnerType.SHELL;
        action.getSpec().command = "echo scaling";
        client().resource(action).inNamespace(ns).create();

        Rule rule = new Rule();
        rule.setMetadata(new ObjectMetaBuilder().withName("app-critical").build());
        rule.setSpec(new RuleSpec());
        rule.getSpec().trigger = new TriggerRef();
        rule.getSpec().trigger.type = "core.webhook";
        CriterionSpec severity = new CriterionSpec();
        severity.type = CriterionOperator.EQUALS;
        severity.pattern = JsonNodeFactory.instance.textNode("critical");
        rule.getSpec().criteria.put("trigger.body.severity", severity);
        rule.getSpec().action = new ActionRef();
        rule.getSpec().action.ref = "scale-up";
        client().resource(rule).inNamespace(ns).create();

        Execution execution = new Execution();
        execution.setMetadata(new ObjectMetaBuilder().withName("app-critical-1").build());
        execution.setSpec(new ExecutionSpec());
        execution.getSpec().action = new ExecutionTarget();
        execution.getSpec().action.name = "scale-up";
        execution.getSpec().context = new ExecutionContext();
        execution.getSpec().context.rule = "app-critical";
        Execution created = client().resource(execution).inNamespace(ns).create();
        created.setStatus(new ExecutionStatus());
        created.getStatus().phase = ExecutionPhase.Succeeded;
        created.getStatus().startTime = "2026-01-01T10:00:00Z";
        created.getStatus().duration = "1.5s";
        client().resource(created).inNamespace(ns).updateStatus();
        client().resource(SERIALIZATION.unmarshal("""
            apiVersion: squall.io/v1alpha1
            kind: Workflow
            metadata: {name: expand}
            spec:
              tasks:
                scale: {action: scale-up}
            """, GenericKubernetesResource.class))
                .inNamespace(ns)
                .create();
        client().resource(SERIALIZATION.unmarshal("""
            apiVersion: squall.io/v1alpha1
            kind: Sensor
            metadata: {name: alerts}
            spec: {type: webhook}
            """, GenericKubernetesResource.class))
                .inNamespace(ns)
                .create();

        Kubectl.Result tables =
                apiServer.kubectl("get", "executions,rules,actions", "-n", ns).requireSuccess();
        List<List<String>> headers = tables.lines().stream()
                .filter(line -> line.startsWith("NAME"))
                .map(line -> List.of(line.trim().split("\\s+")))
                .toList();
        assertThat(headers)
                .containsExactly(
                        List.of("NAME", "ACTION", "PHASE", "TASKS", "RULE", "STARTED", "DURATION", "AGE"),
                        List.of("NAME", "TRIGGER", "ACTION", "ENABLED", "MATCHES", "READY", "AGE"),
                        List.of("NAME", "RUNNER", "READY", "AGE"));
        assertThat(tables.lines())
                .anySatisfy(line -> assertThat(line.trim().split("\\s+"))
                        .startsWith("execution.squall.io/app-critical-1", "scale-up", "Succeeded", "app-critical"));
        // ENABLED shows the schema default (true) the API server filled in
        assertThat(tables.lines())
                .anySatisfy(line -> assertThat(line.trim().split("\\s+"))
                        .startsWith("rule.squall.io/app-critical", "core.webhook", "scale-up", "true"));
        assertThat(tables.lines())
                .anySatisfy(
                        line -> assertThat(line.trim().split("\\s+")).startsWith("action.squall.io/scale-up", "shell"));

        assertThat(apiServer
                        .kubectl("get", "squall", "-n", ns, "-o", "name")
                        .requireSuccess()
                        .lines())
                .containsExactlyInAnyOrder(
                        "action.squall.io/scale-up",
                        "rule.squall.io/app-critical",
                        "execution.squall.io/app-critical-1",
                        "workflow.squall.io/expand",
                        "sensor.squall.io/alerts");
        assertThat(apiServer
                        .kubectl("get", "ex", "-n", ns, "-o", "name")
                        .requireSuccess()
                        .lines())
                .containsExactly("execution.squall.io/app-critical-1");
        assertThat(apiServer
                        .kubectl("get", "rl", "-n", ns, "-o", "name")
                        .requireSuccess()
                        .lines())
                .containsExactly("rule.squall.io/app-critical");
        assertThat(apiServer
                        .kubectl("get", "act", "-n", ns, "-o", "name")
                        .requireSuccess()
                        .lines())
                .containsExactly("action.squall.io/scale-up");
        assertThat(apiServer
                        .kubectl("get", "wf,sn", "-n", ns, "-o", "name")
                        .requireSuccess()
                        .lines())
                .containsExactly("workflow.squall.io/expand", "sensor.squall.io/alerts");
    }
}
