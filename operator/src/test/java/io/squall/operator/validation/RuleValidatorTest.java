package io.squall.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Rule;
import io.squall.operator.testsupport.Resources;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleValidatorTest {

    /** The namespace has Action "notify" and Workflow "remediate". */
    private static final ReferenceLookup EXISTING = (kind, name) -> kind == ActionKind.Action
            ? Set.of("notify").contains(name)
            : Set.of("remediate").contains(name);

    private static Validation validate(String spec) {
        Rule rule = Resources.yaml(
                "apiVersion: squall.io/v1alpha1\nkind: Rule\nmetadata: {name: r, namespace: bar}\nspec:\n" + spec,
                Rule.class);
        return RuleValidator.validate(rule.getSpec(), "bar", EXISTING);
    }

    @Test
    void ruleWithExistingActionAndGoodCriteriaIsValid() {
        Validation v = validate("""
                  trigger: {type: core.webhook, parameters: {path: alerts}}
                  criteria:
                    trigger.body.severity: {type: equals, pattern: critical}
                    "trigger['x.y']": {type: exists}
                    trigger.body.items: {type: search, condition: any, pattern: {item.name: {type: equals, pattern: a}}}
                  action: {ref: notify, parameters: {text: "{{ trigger.body.message }}"}}
                """);
        assertThat(v.isValid()).as(v.message()).isTrue();
    }

    @Test
    void missingActionNamesFieldKindAndNamespace() {
        Validation v = validate("  trigger: {type: core.webhook}\n  action: {ref: foo}\n");
        assertThat(v.reason()).isEqualTo(Reasons.ACTION_NOT_FOUND);
        assertThat(v.message()).isEqualTo("spec.action.ref: Action \"foo\" not found in namespace \"bar\"");
    }

    @Test
    void workflowKindIsLookedUpAsWorkflow() {
        assertThat(validate("  trigger: {type: core.webhook}\n  action: {ref: remediate, kind: Workflow}\n")
                        .isValid())
                .isTrue();
        assertThat(validate("  trigger: {type: core.webhook}\n  action: {ref: notify, kind: Workflow}\n")
                        .message())
                .isEqualTo("spec.action.ref: Workflow \"notify\" not found in namespace \"bar\"");
    }

    @Test
    void searchWithoutCondition() {
        Validation v = validate("""
                  trigger: {type: core.webhook}
                  criteria:
                    trigger.body.items: {type: search, pattern: {item.name: {type: equals, pattern: a}}}
                  action: {ref: notify}
                """);
        assertThat(v.reason()).isEqualTo(Reasons.INVALID_CRITERIA);
        assertThat(v.message())
                .isEqualTo(
                        "spec.criteria[\"trigger.body.items\"].condition: is required for type search (any, all, all2any or any2any)");
    }

    @Test
    void conditionOnANonSearchCriterion() {
        Validation v = validate("""
                  trigger: {type: core.webhook}
                  criteria:
                    trigger.body.x: {type: equals, pattern: 1, condition: any}
                  action: {ref: notify}
                """);
        assertThat(v.message())
                .isEqualTo("spec.criteria[\"trigger.body.x\"].condition: is only allowed for type search, not equals");
    }

    @Test
    void searchPatternMustBeNestedCriteria() {
        Validation v = validate("""
                  trigger: {type: core.webhook}
                  criteria:
                    trigger.body.items: {type: search, condition: all, pattern: abc}
                  action: {ref: notify}
                """);
        assertThat(v.message())
                .isEqualTo(
                        "spec.criteria[\"trigger.body.items\"].pattern: for type search must map `item.` keys to criteria");
    }

    @Test
    void keyMustPointIntoTheTrigger() {
        Validation v = validate("""
                  trigger: {type: core.webhook}
                  criteria:
                    body.severity: {type: equals, pattern: critical}
                  action: {ref: notify}
                """);
        assertThat(v.reason()).isEqualTo(Reasons.INVALID_CRITERIA);
        assertThat(v.message()).startsWith("spec.criteria[\"body.severity\"]: the key must be a path into the trigger");
    }

    @Test
    void comparisonWithoutPattern() {
        Validation v = validate("""
                  trigger: {type: core.webhook}
                  criteria:
                    trigger.body.x: {type: contains}
                  action: {ref: notify}
                """);
        assertThat(v.message()).isEqualTo("spec.criteria[\"trigger.body.x\"].pattern: is required for type contains");
    }

    @Test
    void intervalTimerNeedsUnitAndDelta() {
        Validation v = validate("  trigger: {type: core.timer.interval, parameters: {}}\n  action: {ref: notify}\n");
        assertThat(v.reason()).isEqualTo(Reasons.INVALID_TRIGGER);
        assertThat(v.problems())
                .extracting(Problem::field)
                .containsExactly("spec.trigger.parameters.unit", "spec.trigger.parameters.delta");
        assertThat(validate(
                                "  trigger: {type: core.timer.interval, parameters: {unit: fortnights, delta: 0}}\n  action: {ref: notify}\n")
                        .message())
                .isEqualTo(
                        "spec.trigger.parameters.unit: \"fortnights\" is not one of [days, hours, minutes, seconds, weeks]; "
                                + "spec.trigger.parameters.delta: 0 is not a positive integer");
        assertThat(validate(
                                "  trigger: {type: core.timer.interval, parameters: {unit: seconds, delta: 30}}\n  action: {ref: notify}\n")
                        .isValid())
                .isTrue();
    }

    @Test
    void cronTimerNeedsFieldsOrExpression() {
        assertThat(validate("  trigger: {type: core.timer.cron}\n  action: {ref: notify}\n")
                        .message())
                .isEqualTo("spec.trigger.parameters: core.timer.cron needs `expression` or at least one of the fields "
                        + "[year, month, day, week, day_of_week, hour, minute, second]");
        assertThat(validate(
                                "  trigger: {type: core.timer.cron, parameters: {hour: 3, minute: 0}}\n  action: {ref: notify}\n")
                        .isValid())
                .isTrue();
        assertThat(validate(
                                "  trigger: {type: core.timer.cron, parameters: {expression: '*/5 * * * *'}}\n  action: {ref: notify}\n")
                        .isValid())
                .isTrue();
        assertThat(validate(
                                "  trigger: {type: core.timer.cron, parameters: {expression: 'every day'}}\n  action: {ref: notify}\n")
                        .message())
                .isEqualTo(
                        "spec.trigger.parameters.expression: \"every day\" is not a cron expression of 5 to 7 fields");
        assertThat(validate(
                                "  trigger: {type: core.timer.cron, parameters: {expression: '0 * * * *', hour: 1}}\n  action: {ref: notify}\n")
                        .problems())
                .extracting(Problem::field)
                .containsExactly("spec.trigger.parameters.expression");
    }

    @Test
    void dateTimerNeedsAParsableDate() {
        assertThat(validate("  trigger: {type: core.timer.date}\n  action: {ref: notify}\n")
                        .message())
                .startsWith("spec.trigger.parameters.date: is required for core.timer.date");
        assertThat(validate(
                                "  trigger: {type: core.timer.date, parameters: {date: tomorrow}}\n  action: {ref: notify}\n")
                        .message())
                .startsWith("spec.trigger.parameters.date: \"tomorrow\" is not a date");
        for (String date : new String[] {
            "2030-07-30 05:04:24", "2030-07-30T05:04:24", "2030-07-30T05:04:24Z", "2030-07-30T05:04:24+02:00"
        }) {
            assertThat(validate("  trigger: {type: core.timer.date, parameters: {date: '" + date
                                    + "'}}\n  action: {ref: notify}\n")
                            .isValid())
                    .as(date)
                    .isTrue();
        }
    }

    @Test
    void problemsAreListedTriggerFirstThenCriteriaThenAction() {
        Validation v = validate("""
                  trigger: {type: core.timer.interval, parameters: {unit: seconds}}
                  criteria:
                    x: {type: equals, pattern: 1}
                  action: {ref: missing}
                """);
        assertThat(v.problems())
                .extracting(Problem::reason)
                .containsExactly(Reasons.INVALID_TRIGGER, Reasons.INVALID_CRITERIA, Reasons.ACTION_NOT_FOUND);
    }
}
