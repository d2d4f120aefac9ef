package io.squall.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule matching end to end (criteria written as in a Rule manifest). The payload and the first vectors are
 * StackStorm's st2reactor/tests/unit/test_filter.py.
 */
class RuleMatcherTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
    private static final KvLookup KV = KvLookup.of(Map.of("test_value_2", "v1", "test_value_3", "YYY", "limit", "2"));
    private static final RuleMatcher MATCHER = new RuleMatcher(new TemplateRenderer(), KV, CLOCK);

    /** StackStorm's MOCK_TRIGGER_INSTANCE payload, plus a few fields for Squall's edge cases. */
    private static final JsonNode PAYLOAD = yaml("""
            p1: v1
            p2: preYYYpost
            bool: true
            int: 1
            float: 0.8
            list: [v1, true, 1]
            recursive_list:
              - {field_name: Status, to_value: Approved}
              - {field_name: Signed off by, to_value: Stanley}
            body: {"a.b": {c: dotted}, "x#y": hash, name: "Zoë ☃", none: null}
            created: "2024-05-01T11:59:58Z"
            """);

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static RuleSpec rule(String criteriaYaml) {
        try {
            return YAML.readValue("""
                    trigger: {type: test.trigger}
                    action: {ref: some-action}
                    criteria:
                    """ + criteriaYaml.indent(2), RuleSpec.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MatchResult match(String criteriaYaml) {
        return MATCHER.match(rule(criteriaYaml), PAYLOAD);
    }

    @Test
    void emptyCriteriaMatchEvenAnEmptyPayload() {
        RuleSpec rule = rule("{}");
        assertThat(MATCHER.match(rule, PAYLOAD).matched()).isTrue();
        assertThat(MATCHER.match(rule, NullNode.getInstance()).matched()).isTrue();
    }

    @Test
    void aRuleWithCriteriaNeverMatchesAnEmptyPayloadNotEvenWithNexists() {
        for (JsonNode empty : List.of(NullNode.getInstance(), yaml("{}"), yaml("[]"))) {
            MatchResult result = MATCHER.match(rule("trigger.p1: {type: nexists}"), empty);
            assertThat(result.matched()).isFalse();
            assertThat(result.error()).isFalse();
            assertThat(result.reason()).contains("payload is empty");
        }
        assertThat(MATCHER.match(rule("trigger.p1: {type: equals, pattern: v1}"), (JsonNode) null)
                        .matched())
                .isFalse();
    }

    @Test
    void aDisabledRuleNeverMatches() {
        RuleSpec rule = rule("{}");
        rule.enabled = false;
        assertThat(MATCHER.match(rule, PAYLOAD)).isEqualTo(MatchResult.noMatch(null, "the rule is disabled"));
    }

    @Test
    void matchesATriggerEvent() {
        TriggerEvent event = TriggerEvent.of("test.trigger", "default", PAYLOAD, "test");
        assertThat(MATCHER.match(rule("trigger.p1: {type: equals, pattern: v1}"), event)
                        .matched())
                .isTrue();
    }

    @Test
    void stackStormFilterVectors() {
        assertThat(match(
                                "trigger.recursive_list: {type: search, condition: any, pattern: {"
                                        + "item.field_name: {type: equals, pattern: Status}, item.to_value: {type: equals, pattern: Approved}}}")
                        .matched())
                .isTrue();
        assertThat(match(
                                "trigger.recursive_list: {type: search, condition: any, pattern: {"
                                        + "item.field_name: {type: equals, pattern: Status}, item.to_value: {type: equals, pattern: Denied}}}")
                        .matched())
                .isFalse();
        assertThat(match("trigger.recursive_list: {type: search, condition: all, pattern: {"
                                + "item.field_name: {type: startswith, pattern: S}}}")
                        .matched())
                .isTrue();
        assertThat(match(
                                "trigger.recursive_list: {type: search, condition: all, pattern: {"
                                        + "item.field_name: {type: equals, pattern: Status}, item.to_value: {type: equals, pattern: Denied}}}")
                        .matched())
                .isFalse();
        assertThat(match("trigger.p1: {type: matchregex, pattern: v1$}").matched())
                .isTrue();
        assertThat(match("trigger.p1: {type: matchregex, pattern: v$}").matched())
                .isFalse();
        assertThat(match("trigger.p1: {type: equals, pattern: v1}").matched()).isTrue();
        assertThat(match("trigger.p1: {type: equals, pattern: '{{trigger.p1}}'}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.p1: {type: equals, pattern: v}").matched()).isFalse();
        assertThat(match("trigger.p1: {type: equals, pattern: '{{trigger.p2}}'}")
                        .matched())
                .isFalse();
        assertThat(match("trigger.bool: {type: equals, pattern: true}").matched())
                .isTrue();
        assertThat(match("trigger.bool: {type: equals, pattern: '{{trigger.bool}}'}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.bool: {type: equals, pattern: '{{ trigger.bool }}'}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.int: {type: equals, pattern: 1}").matched()).isTrue();
        assertThat(match("trigger.int: {type: equals, pattern: '{{trigger.int}}'}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.float: {type: equals, pattern: 0.8}").matched())
                .isTrue();
        assertThat(match("trigger.float: {type: equals, pattern: '{{trigger.float}}'}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.float: {type: exists}").matched()).isTrue();
        assertThat(match("trigger.floattt: {type: exists}").matched()).isFalse();
        assertThat(match("trigger.float: {type: nexists}").matched()).isFalse();
        assertThat(match("trigger.floattt: {type: nexists}").matched()).isTrue();
        assertThat(match("trigger.int: {type: gt, pattern: 0}").matched()).isTrue();
        assertThat(match("trigger.int: {type: lt, pattern: 0}").matched()).isFalse();
    }

    @Test
    void jinjaPatternsThatRenderJsonAreComparedAsJson() {
        String commaList = """
                trigger.list:
                  type: equals
                  pattern: |
                    [
                        {% for item in trigger.list %}
                        {{item}}{% if not loop.last %},{% endif %}
                        {% endfor %}
                    ]
                """;
        assertThat(match(commaList).matched())
                .as("renders [\"v1\", true, 1], a JSON list")
                .isTrue();
        String noCommas = """
                trigger.list:
                  type: equals
                  pattern: |
                    [
                        {% for item in trigger.list %}
                        {{item}}
                        {% endfor %}
                    ]
                """;
        assertThat(match(noCommas).matched())
                .as("not JSON: compared as a string")
                .isFalse();
        assertThat(match("trigger.int: {type: equals, pattern: '{{ trigger.int }}'}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.int: {type: equals, pattern: '1'}").matched())
                .as("no coercion")
                .isFalse();
        assertThat(match("trigger.int: {type: lt, pattern: '{{ kv.system.limit }}'}")
                        .error())
                .as("datastore values are strings: int < str raises")
                .isTrue();
        assertThat(match("trigger.int: {type: lt, pattern: '{{ kv.system.limit | int }}'}")
                        .matched())
                .isTrue();
    }

    @Test
    void datastorePatternsFromStackStormsVectors() {
        assertThat(match("trigger.p1: {type: equals, pattern: '{{ st2kv.system.inexistent_value }}'}")
                        .matched())
                .isFalse();
        assertThat(match("trigger.p1: {type: equals, pattern: '{{ st2kv.system.test_value_2 }}'}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.p2: {type: equals, pattern: '{{ st2kv.system.test_value_3 }}'}")
                        .matched())
                .isFalse();
        assertThat(match("trigger.p2: {type: equals, pattern: 'pre{{ st2kv.system.test_value_3 }}post'}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.p1: {type: equals, pattern: '{{ kv.system.test_value_2 }}'}")
                        .matched())
                .isTrue();
    }

    @Test
    void hashTagsLetOneKeyBeTestedTwice() {
        assertThat(match("{trigger.int: {type: gt, pattern: 0}, trigger.int#2: {type: lt, pattern: 2}}")
                        .matched())
                .isTrue();
        assertThat(match("{trigger.int: {type: gt, pattern: 2}, trigger.int#2: {type: lt, pattern: 3}}")
                        .matched())
                .isFalse();
        assertThat(match("trigger.int#1: {type: lt, pattern: 2}").matched()).isTrue();
        assertThat(match("\"trigger.body['x#y']#tag\": {type: equals, pattern: hash}")
                        .matched())
                .as("a # inside quotes belongs to the name")
                .isTrue();
    }

    @Test
    void quotedKeysIndexesAndWildcards() {
        assertThat(match("\"trigger.body['a.b'].c\": {type: equals, pattern: dotted}")
                        .matched())
                .isTrue();
        assertThat(match("\"trigger.body[\\\"a.b\\\"].c\": {type: equals, pattern: dotted}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.list[0]: {type: equals, pattern: v1}").matched())
                .isTrue();
        assertThat(match("trigger.list[7]: {type: nexists}").matched()).isTrue();
        assertThat(match("trigger.recursive_list[1].to_value: {type: equals, pattern: Stanley}")
                        .matched())
                .isTrue();
        assertThat(match("trigger.recursive_list[*].field_name: {type: equals, pattern: Status}")
                        .matched())
                .as("wildcards take the first match")
                .isTrue();
        assertThat(match("trigger.body.name: {type: equals, pattern: Zoë ☃}").matched())
                .isTrue();
        assertThat(match("trigger.body.none: {type: exists}").matched())
                .as("null does not exist")
                .isFalse();
        assertThat(match("trigger.p1.deeper: {type: nexists}").matched())
                .as("a field of a string")
                .isTrue();
        MatchResult bad = match("trigger.list[x]: {type: exists}");
        assertThat(bad.error()).isTrue();
        assertThat(bad.reason()).contains("invalid key 'trigger.list[x]'");
    }

    @Test
    void allCriteriaMustHoldAndTheFirstFailureIsReported() {
        MatchResult result = match("""
                trigger.p1: {type: equals, pattern: v1}
                trigger.int: {type: gt, pattern: 5}
                trigger.p2: {type: equals, pattern: nope}
                """);
        assertThat(result.matched()).isFalse();
        assertThat(result.error()).isFalse();
        assertThat(result.failedCriterion()).isEqualTo("trigger.int");
        assertThat(result.reason()).isEqualTo("value 1 does not satisfy greaterthan 5");
        assertThat(match("trigger.missing: {type: equals, pattern: x}").reason())
                .isEqualTo("the key selects nothing does not satisfy equals \"x\"");
        assertThat(match("body.p1: {type: equals, pattern: v1}").reason())
                .as("a hint for a key without the trigger. prefix")
                .endsWith("(keys start with 'trigger.')");
    }

    @Test
    void anOperatorThatRaisesIsARecordedNonMatch() {
        MatchResult result = match("trigger.p1: {type: lt, pattern: 5}");
        assertThat(result)
                .isEqualTo(
                        MatchResult.failure("trigger.p1", "lessthan: '<' not supported between str \"v1\" and int 5"));
        MatchResult missing = match("trigger.nope: {type: contains, pattern: x}");
        assertThat(missing.error()).isTrue();
        assertThat(missing.reason()).contains("argument of type 'NoneType' is not iterable");
        MatchResult regex = match("trigger.p1: {type: regex, pattern: '('}");
        assertThat(regex.error()).isTrue();
        assertThat(regex.reason()).startsWith("regex: invalid regular expression '('");
    }

    @Test
    void aPatternTemplateErrorIsARecordedNonMatch() {
        MatchResult result = match("trigger.p1: {type: equals, pattern: '{{ trigger.nope }}'}");
        assertThat(result.matched()).isFalse();
        assertThat(result.error()).isTrue();
        assertThat(result.failedCriterion()).isEqualTo("trigger.p1");
        assertThat(result.reason())
                .isEqualTo("cannot render the pattern: template '{{ trigger.nope }}' "
                        + "references undefined variable 'trigger.nope'");
    }

    @Test
    void aCriterionWithoutTypeNeverMatches() {
        MatchResult result = match("trigger.p1: {pattern: v1}");
        assertThat(result.matched()).isFalse();
        assertThat(result.reason()).contains("no type");
    }

    @Test
    void searchConditions() {
        String levels = """
                trigger.levels:
                  type: search
                  condition: %s
                  pattern:
                    item.level#1: {type: greaterthan, pattern: 40}
                    item.level#2: {type: lessthan, pattern: 50}
                """;
        JsonNode both = yaml("levels: [{level: 45}, {level: 20}]");
        JsonNode allIn = yaml("levels: [{level: 45}, {level: 46}]");
        JsonNode noneIn = yaml("levels: [{level: 10}, {level: 60}]");
        JsonNode single = yaml("levels: {level: 45}");
        JsonNode empty = yaml("levels: []\nother: 1");
        assertThat(search(levels, "any", both)).isTrue();
        assertThat(search(levels, "any", noneIn)).isFalse();
        assertThat(search(levels, "all", allIn)).isTrue();
        assertThat(search(levels, "all", both)).isFalse();
        assertThat(search(levels, "all2any", noneIn)).as("10 < 50, 60 > 40").isTrue();
        assertThat(search(levels, "any2any", noneIn)).isTrue();
        assertThat(search(levels, "any2any", yaml("levels: [{nolevel: 1}]"))).isFalse();
        assertThat(search(levels, "all2any", yaml("levels: [{level: 45}, {nolevel: 1}]")))
                .isFalse();
        assertThat(search(levels, "all", single))
                .as("a dict is searched as [dict]")
                .isTrue();
        assertThat(search(levels, "all", empty)).as("all([]) is True").isTrue();
        assertThat(search(levels, "any", empty)).as("any([]) is False").isFalse();
        // StackStorm's test_search_any2any / all2any vectors on to_value
        String water = """
                trigger.items:
                  type: search
                  condition: %s
                  pattern:
                    item.to_value#1: {type: lessthan, pattern: 40}
                    item.to_value#2: {type: greaterthan, pattern: 50}
                """;
        assertThat(search(water, "any2any", yaml("items: [{to_value: 30}, {to_value: 45}]")))
                .isTrue();
        assertThat(search(water, "any2any", yaml("items: [{to_value: 44}, {to_value: 45}]")))
                .isFalse();
    }

    private static boolean search(String template, String condition, JsonNode payload) {
        return MATCHER.match(rule(template.formatted(condition)), payload).matched();
    }

    @Test
    void searchItemsCanUseJinjaOnItemAndNestedSearch() {
        JsonNode payload = yaml("""
                teams:
                  - {name: a, lead: x, members: [{name: x, role: lead}]}
                  - {name: b, lead: y, members: [{name: z, role: dev}]}
                """);
        RuleSpec rule = rule("""
                trigger.teams:
                  type: search
                  condition: all
                  pattern:
                    item.members:
                      type: search
                      condition: any
                      pattern:
                        item.role: {type: equals, pattern: lead}
                """);
        assertThat(MATCHER.match(rule, payload).matched()).isFalse();
        MatchResult result = MATCHER.match(rule, payload);
        assertThat(result.failedCriterion()).isEqualTo("trigger.teams");
        assertThat(result.reason()).startsWith("search all: item 1 does not satisfy all nested criteria: item.members");
        RuleSpec jinja = rule("""
                trigger.teams:
                  type: search
                  condition: any
                  pattern:
                    item.name: {type: equals, pattern: "{{ item.lead | replace('x', 'a') }}"}
                """);
        assertThat(MATCHER.match(jinja, payload).matched())
                .as("item patterns see {{ item }}")
                .isTrue();
    }

    @Test
    void searchFailuresAreRecorded() {
        MatchResult notAList = match("trigger.p1: {type: search, condition: any, pattern: {item.x: {type: exists}}}");
        assertThat(notAList.error()).isTrue();
        assertThat(notAList.reason()).contains("search needs a list (or dict) value, got str");
        MatchResult noCondition = match("trigger.list: {type: search, pattern: {item.x: {type: exists}}}");
        assertThat(noCondition.error()).isTrue();
        assertThat(noCondition.reason()).contains("search needs a condition");
        MatchResult childError = match(
                "trigger.recursive_list: {type: search, condition: all, pattern: {item.field_name: {type: lt, pattern: 3}}}");
        assertThat(childError.error()).isTrue();
        assertThat(childError.reason()).contains("item.field_name failed on item 0: lessthan: '<' not supported");
        MatchResult badOperator =
                match("trigger.recursive_list: {type: search, condition: any, pattern: {item.x: {type: weird}}}");
        assertThat(badOperator.error()).isTrue();
        assertThat(badOperator.reason()).contains("invalid nested criteria").contains("weird");
    }

    @Test
    void timediffAgainstTheInjectedClock() {
        assertThat(match("trigger.created: {type: td_lt, pattern: 5}").matched())
                .isTrue();
        assertThat(match("trigger.created: {type: timediff_gt, pattern: 5}").matched())
                .isFalse();
    }

    @Test
    void backstopRulesApplyOnlyWhenNoStandardRuleMatched() {
        RuleSpec standardHit = rule("trigger.p1: {type: equals, pattern: v1}");
        RuleSpec standardMiss = rule("trigger.p1: {type: equals, pattern: other}");
        RuleSpec backstop = rule("{}");
        backstop.type = RuleSpec.Type.BACKSTOP;
        RuleSpec backstopMiss = rule("trigger.p1: {type: equals, pattern: other}");
        backstopMiss.type = RuleSpec.Type.BACKSTOP;

        assertThat(MATCHER.rulesToEnforce(List.of(backstop, standardHit, standardMiss), r -> r, PAYLOAD))
                .containsExactly(standardHit);
        assertThat(MATCHER.rulesToEnforce(List.of(standardMiss, backstop, backstopMiss), r -> r, PAYLOAD))
                .containsExactly(backstop);
        assertThat(MATCHER.rulesToEnforce(List.of(standardMiss), r -> r, PAYLOAD))
                .isEmpty();

        List<RuleMatcher.Verdict<RuleSpec>> verdicts = MATCHER.select(List.of(backstop, standardHit), r -> r, PAYLOAD);
        assertThat(verdicts).extracting(RuleMatcher.Verdict::rule).containsExactly(backstop, standardHit);
        assertThat(verdicts.get(0).enforce()).isFalse();
        assertThat(verdicts.get(0).result().reason()).contains("backstop rule skipped");
        assertThat(verdicts.get(1).enforce()).isTrue();
    }

    @Test
    void selectWorksOverAnyRuleHolder() {
        record Named(String name, RuleSpec spec) {}
        Named hit = new Named("hit", rule("trigger.p1: {type: eq, pattern: v1}"));
        Named miss = new Named("miss", rule("trigger.p1: {type: eq, pattern: v2}"));
        assertThat(MATCHER.rulesToEnforce(List.of(hit, miss), Named::spec, PAYLOAD))
                .containsExactly(hit);
    }
}
