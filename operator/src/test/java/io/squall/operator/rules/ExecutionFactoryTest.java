package io.squall.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.squall.api.messages.Json;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.Workflow;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import io.squall.operator.testsupport.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ExecutionFactoryTest {

    private static final String NS = "team-a";

    private final ExecutionFactory factory = new ExecutionFactory(new TemplateRenderer());

    private static final Action NOTIFY = Resources.yaml("""
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata: {name: notify, namespace: team-a}
            spec:
              runner: shell
              command: echo
              parameters:
                message: {type: string, required: true}
                count: {type: integer, default: 1}
                channel: {type: string, default: ops, enum: [ops, dev]}
                token: {type: string, secret: true}
            """, Action.class);

    /** The same Action, with a default for its secret parameter (kept out of the Execution too). */
    private static final Action WITH_SECRET_DEFAULT = Resources.yaml("""
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata: {name: notify, namespace: team-a}
            spec:
              runner: shell
              command: echo
              parameters:
                message: {type: string, required: true}
                token: {type: string, secret: true, default: d3fault-s3cr3t}
            """, Action.class);

    private static Rule rule(String parameters) {
        return Resources.yaml("""
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: on-alert, namespace: team-a}
                spec:
                  trigger: {type: core.webhook}
                  action:
                    ref: notify
                    parameters: %s
                """.formatted(parameters), Rule.class);
    }

    private static TriggerEvent trigger(String payload) throws Exception {
        return new TriggerEvent(
                "trig-1",
                "core.webhook",
                NS,
                Json.mapper().readTree(payload),
                Instant.parse("2026-03-01T10:00:00Z"),
                "sensor/hook",
                "trace-1");
    }

    @Test
    void parametersAreRenderedAgainstTheTriggerMergedOverDefaultsAndCast() throws Exception {
        var draft = factory.draft(
                rule("{message: 'host {{ trigger.body.host }} is down', count: '{{ trigger.body.n }}'}"),
                trigger("{\"body\": {\"host\": \"web-1\", \"n\": \"3\"}}"),
                Target.of(NOTIFY),
                KvLookup.EMPTY);

        assertThat(draft.failed()).isFalse();
        assertThat(draft.secretParameters()).isNull();
        Execution execution = draft.execution();
        assertThat(execution.getMetadata().getName())
                .isEqualTo(EnforcementNames.executionName(NS, "on-alert", "trig-1"));
        assertThat(execution.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(execution.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(execution.getSpec().action.kind).isEqualTo(ActionKind.Action);
        assertThat(execution.getSpec().action.name).isEqualTo("notify");
        assertThat((JsonNode) Json.mapper().valueToTree(execution.getSpec().parameters))
                .isEqualTo(Json.mapper()
                        .readTree("{\"message\": \"host web-1 is down\", \"count\": 3, \"channel\": \"ops\"}"));
    }

    @Test
    void labelsAndContextLinkTheExecutionToRuleTriggerAndAction() throws Exception {
        var draft = factory.draft(rule("{message: hi}"), trigger("{\"body\": {}}"), Target.of(NOTIFY), KvLookup.EMPTY);
        Execution execution = draft.execution();
        assertThat(execution.getMetadata().getLabels())
                .containsEntry(Names.LABEL_RULE, "on-alert")
                .containsEntry(Names.LABEL_TRIGGER_ID, "trig-1")
                .containsEntry(Names.LABEL_ACTION, "notify")
                .containsEntry(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
        var context = execution.getSpec().context;
        assertThat(context.rule).isEqualTo("on-alert");
        assertThat(context.triggerId).isEqualTo("trig-1");
        assertThat(context.triggerType).isEqualTo("core.webhook");
        assertThat(context.traceTag).isEqualTo("trace-1");
        assertThat(context.trigger).isEqualTo(Json.mapper().readTree("{\"body\": {}}"));
    }

    @Test
    void secretValuesGoToTheSecretAndAreMaskedInTheSpec() throws Exception {
        var draft = factory.draft(
                rule("{message: hi, token: '{{ trigger.body.user }}-s3cr3t'}"),
                trigger("{\"body\": {\"user\": \"bob\"}}"),
                Target.of(NOTIFY),
                KvLookup.EMPTY);

        assertThat(draft.execution().getSpec().parameters.get("token").textValue())
                .isEqualTo(Names.MASK);
        assertThat(Json.mapper().writeValueAsString(draft.execution())).doesNotContain("s3cr3t");
        Secret secret = draft.secretParameters();
        String execution = draft.execution().getMetadata().getName();
        assertThat(secret.getMetadata().getName()).isEqualTo(Names.secretParametersName(execution));
        assertThat(secret.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(secret.getMetadata().getLabels()).containsEntry(Names.LABEL_EXECUTION, execution);
        assertThat(secret.getData()).containsOnlyKeys("token");
        assertThat(secretValue(secret, "token")).isEqualTo("bob-s3cr3t");
    }

    @Test
    void aSecretDefaultIsKeptOutOfTheExecutionToo() throws Exception {
        var draft = factory.draft(rule("{message: hi}"), trigger("{}"), Target.of(WITH_SECRET_DEFAULT), KvLookup.EMPTY);
        assertThat(Json.mapper().writeValueAsString(draft.execution())).doesNotContain("d3fault-s3cr3t");
        assertThat(secretValue(draft.secretParameters(), "token")).isEqualTo("d3fault-s3cr3t");
    }

    private static String secretValue(Secret secret, String key) throws Exception {
        String json = new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        return Json.mapper().readTree(json).textValue();
    }

    @Test
    void aRenderErrorDraftsTheExecutionWithAnErrorNamingTheParameterTemplateAndVariable() throws Exception {
        var draft = factory.draft(
                rule("{message: '{{ trigger.body.nme }}', token: abc}"),
                trigger("{\"body\": {\"name\": \"x\"}}"),
                Target.of(NOTIFY),
                KvLookup.EMPTY);

        assertThat(draft.failed()).isTrue();
        assertThat(draft.error())
                .isEqualTo("rule on-alert, Action notify: parameter 'message': template "
                        + "'{{ trigger.body.nme }}' references undefined variable 'trigger.body.nme'");
        assertThat(draft.secretParameters()).isNull();
        Execution execution = draft.execution();
        assertThat(execution.getMetadata().getAnnotations())
                .containsEntry(Names.ENFORCEMENT_ERROR_ANNOTATION, draft.error());
        // what the rule asked for, secrets still masked
        assertThat(execution.getSpec().parameters.get("message").textValue()).isEqualTo("{{ trigger.body.nme }}");
        assertThat(execution.getSpec().parameters.get("token").textValue()).isEqualTo(Names.MASK);
    }

    @Test
    void enumRequiredAndUnknownParametersAreCheckedByTheEngine() throws Exception {
        var badEnum =
                factory.draft(rule("{message: hi, channel: sales}"), trigger("{}"), Target.of(NOTIFY), KvLookup.EMPTY);
        assertThat(badEnum.error()).contains("parameter 'channel'").contains("not one of the allowed values");
        var missing = factory.draft(rule("{count: 2}"), trigger("{}"), Target.of(NOTIFY), KvLookup.EMPTY);
        assertThat(missing.error()).contains("parameter 'message': is required");
        var unknown =
                factory.draft(rule("{message: hi, colour: red}"), trigger("{}"), Target.of(NOTIFY), KvLookup.EMPTY);
        assertThat(unknown.error()).contains("parameter 'colour': the action declares no such parameter");
    }

    @Test
    void aWorkflowWithoutParametersTakesItsOrquestaInputs() throws Exception {
        Workflow workflow = Resources.yaml("""
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: remediate, namespace: team-a}
                spec:
                  input: [host, {retries: 3}]
                  tasks:
                    only: {action: notify}
                """, Workflow.class);
        Target target = Target.of(workflow);
        assertThat(target.kind()).isEqualTo(ActionKind.Workflow);
        assertThat(target.parameters()).containsOnlyKeys("host", "retries");

        var draft = factory.draft(
                rule("{host: '{{ trigger.body.host }}'}"),
                trigger("{\"body\": {\"host\": \"db\"}}"),
                target,
                KvLookup.EMPTY);
        JsonNode parameters = Json.mapper().valueToTree(draft.execution().getSpec().parameters);
        assertThat(parameters).isEqualTo(Json.mapper().readTree("{\"host\": \"db\", \"retries\": 3}"));
        assertThat(draft.execution().getSpec().action.kind).isEqualTo(ActionKind.Workflow);
    }

    @Test
    void theParamsSecretIsOwnedByItsExecution() throws Exception {
        var draft = factory.draft(rule("{message: hi, token: t}"), trigger("{}"), Target.of(NOTIFY), KvLookup.EMPTY);
        Execution created = draft.execution();
        created.getMetadata().setUid("uid-1");
        Secret owned = io.squall.operator.execution.ExecutionCreator.ownedBy(draft.secretParameters(), created);
        assertThat(owned.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Execution");
            assertThat(owner.getApiVersion()).isEqualTo(Names.API_VERSION);
            assertThat(owner.getName()).isEqualTo(created.getMetadata().getName());
            assertThat(owner.getUid()).isEqualTo("uid-1");
            assertThat(owner.getController()).isTrue();
        });
    }

    @Test
    void parametersTooLargeForAnExecutionFailItWithTheSizeAndKeepTheRulesTemplates() throws Exception {
        String big = "x".repeat(ExecutionFactory.MAX_PARAMETER_BYTES);
        ExecutionFactory.Draft draft = factory.draft(
                rule("{message: '{{ trigger.body.m }}'}"),
                trigger(Json.mapper()
                        .createObjectNode()
                        .set("body", Json.mapper().createObjectNode().put("m", big))
                        .toString()),
                Target.of(NOTIFY),
                KvLookup.EMPTY);

        assertThat(draft.failed()).isTrue();
        assertThat(draft.error())
                .startsWith("rule on-alert, Action notify: the parameters are ")
                .endsWith(" bytes of JSON, over the 524288 an Execution may carry");
        assertThat(draft.execution().getSpec().parameters.get("message").textValue())
                .isEqualTo("{{ trigger.body.m }}");
        assertThat(draft.execution().getSpec().context.trigger)
                .as("over the bound too: left in the stream")
                .isNull();
        assertThat(draft.execution().getMetadata().getAnnotations().get(ExecutionFactory.TRIGGER_OMITTED_ANNOTATION))
                .startsWith("the trigger payload is ")
                .endsWith("it stays in stream SQUALL_TRIGGERS under trigger id trig-1");
    }

    @Test
    void valuesKubernetesWouldChangeFailTheEnforcementNamingTheParameter() throws Exception {
        ExecutionFactory.Draft draft = factory.draft(
                rule("{message: hi, count: '{{ trigger.body.n }}'}"),
                trigger("{\"body\": {\"n\": 123456789012345678901234567890}}"),
                Target.of(NOTIFY),
                KvLookup.EMPTY);

        assertThat(draft.error())
                .isEqualTo("rule on-alert, Action notify: parameter 'count': value: the integer "
                        + "123456789012345678901234567890 is outside the 64-bit range that Kubernetes stores exactly");
        assertThat(draft.execution().getSpec().context.trigger).isNull();
        assertThat(draft.execution().getMetadata().getAnnotations().get(ExecutionFactory.TRIGGER_OMITTED_ANNOTATION))
                .isEqualTo(
                        "Kubernetes would store it changed: trigger.body.n: the integer 123456789012345678901234567890 "
                                + "is outside the 64-bit range that Kubernetes stores exactly");
    }

    @Test
    void anErrorQuotingAHugeValueIsCut() throws Exception {
        String big = "y".repeat(20_000);
        ExecutionFactory.Draft draft = factory.draft(
                rule("{message: hi, channel: '{{ trigger.body.c }}'}"),
                trigger("{\"body\": {\"c\": \"" + big + "\"}}"),
                Target.of(NOTIFY),
                KvLookup.EMPTY);

        assertThat(draft.error())
                .hasSizeLessThan(ExecutionFactory.MAX_ERROR_CHARS + 40)
                .contains("is not one of the allowed values");
        assertThat(draft.execution().getSpec().context.trigger)
                .as("small enough to keep")
                .isNotNull();
    }
}
