package io.squall.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.Rule;
import io.squall.operator.testsupport.Resources;
import org.junit.jupiter.api.Test;

class RuleIndexTest {

    static Rule rule(String namespace, String name, String triggerType, boolean enabled) {
        return Resources.yaml("""
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: %s, namespace: %s}
                spec:
                  enabled: %s
                  trigger: {type: %s}
                  action: {ref: notify}
                """.formatted(name, namespace, enabled, triggerType), Rule.class);
    }

    private static java.util.List<String> names(java.util.List<Rule> rules) {
        return rules.stream().map(r -> r.getMetadata().getName()).toList();
    }

    @Test
    void rulesAreFoundByNamespaceAndTriggerTypeInNameOrder() {
        RuleIndex index = new RuleIndex();
        index.put(rule("a", "zeta", "core.webhook", true));
        index.put(rule("a", "alpha", "core.webhook", true));
        index.put(rule("a", "other", "core.timer.interval", true));
        index.put(rule("b", "alpha", "core.webhook", true));

        assertThat(names(index.rulesFor("a", "core.webhook"))).containsExactly("alpha", "zeta");
        assertThat(names(index.rulesFor("b", "core.webhook"))).containsExactly("alpha");
        assertThat(index.rulesFor("c", "core.webhook")).isEmpty();
        assertThat(index.size()).isEqualTo(4);
    }

    @Test
    void updateMovesDisableAndDeleteRemove() {
        RuleIndex index = new RuleIndex();
        index.put(rule("a", "r", "core.webhook", true));
        index.put(rule("a", "r", "newrelic.alert", true));
        assertThat(index.rulesFor("a", "core.webhook")).isEmpty();
        assertThat(names(index.rulesFor("a", "newrelic.alert"))).containsExactly("r");

        index.put(rule("a", "r", "newrelic.alert", false));
        assertThat(index.rulesFor("a", "newrelic.alert")).isEmpty();
        assertThat(index.size()).isZero();

        index.put(rule("a", "r", "newrelic.alert", true));
        index.put(rule("a", "s", "newrelic.alert", true));
        index.remove("a", "r");
        assertThat(names(index.rulesFor("a", "newrelic.alert"))).containsExactly("s");
        index.remove("a", "unknown");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void theLatestVersionOfARuleReplacesTheOldOne() {
        RuleIndex index = new RuleIndex();
        Rule first = rule("a", "r", "core.webhook", true);
        Rule second = rule("a", "r", "core.webhook", true);
        second.getSpec().description = "v2";
        index.put(first);
        index.put(second);
        assertThat(index.rulesFor("a", "core.webhook"))
                .singleElement()
                .satisfies(r -> assertThat(r.getSpec().description).isEqualTo("v2"));
    }
}
