package io.squall.engine.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.squall.api.v1alpha1.ActionRef;
import io.squall.api.v1alpha1.CriterionOperator;
import io.squall.api.v1alpha1.CriterionSpec;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.api.v1alpha1.TriggerRef;
import io.squall.engine.RuleMatcher;
import io.squall.engine.params.ParameterResolver;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;

/**
 * Matching throughput on one thread (a benchmark that prints figures, not a test). Builds 1,000 rules over 100
 * trigger types (10 per type, 2 to 4 criteria each: equals, inside, greaterthan/lessthan, regex, icontains,
 * startswith, matchwildcard, exists, search, #tag keys; 1 rule in 10 with a Jinja pattern), indexes them by
 * trigger type, then matches a stream of 10,000 pre-generated trigger payloads against the rules of their type
 * (StackStorm's two passes: standard, then backstop) and finally renders the action parameters of the matches.
 *
 * <pre>
 * cd engine && mvn -B -q package -DskipTests
 * java -cp target/squall-engine.jar io.squall.engine.bench.MatchBenchmark [seconds per phase, default 5]
 * </pre>
 */
public final class MatchBenchmark {
    private static final int TRIGGER_TYPES = 100;
    private static final int RULES_PER_TYPE = 10;
    private static final int PAYLOADS = 10_000;
    private static final String[] SEVERITIES = {"critical", "high", "medium", "low"};
    private static final String[] HOSTS = {"web", "db", "cache", "queue", "batch"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private MatchBenchmark() {
    }

    private record Trigger(String type, JsonNode payload) {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Random random = new Random(42);
        Map<String, List<RuleSpec>> index = new HashMap<>();
        for (int t = 0; t < TRIGGER_TYPES; t++) {
            List<RuleSpec> rules = new ArrayList<>();
            for (int r = 0; r < RULES_PER_TYPE; r++) {
                rules.add(rule("bench.type" + t, t * RULES_PER_TYPE + r, random));
            }
            index.put("bench.type" + t, rules);
        }
        List<Trigger> triggers = new ArrayList<>();
        for (int i = 0; i < PAYLOADS; i++) {
            triggers.add(new Trigger("bench.type" + random.nextInt(TRIGGER_TYPES), payload(random)));
        }
        TemplateRenderer renderer = new TemplateRenderer();
        KvLookup kv = KvLookup.of(Map.of("threshold", "50"));
        RuleMatcher matcher = new RuleMatcher(renderer, kv);

        System.out.printf("rules: %d over %d trigger types (%d per type); payloads: %d; %s%n",
                TRIGGER_TYPES * RULES_PER_TYPE, TRIGGER_TYPES, RULES_PER_TYPE, PAYLOADS, System.getProperty(
                        "java.vm.name") + " " + System.getProperty("java.version"));
        List<RuleSpec> matched = new ArrayList<>();
        List<JsonNode> matchedPayloads = new ArrayList<>();
        runMatching(index, triggers, matcher, seconds / 2, null, null); // warm-up
        long[] counts = runMatching(index, triggers, matcher, seconds, matched, matchedPayloads);
        double elapsed = counts[3] / 1e9;
        System.out.printf("matching: %,.0f triggers/s, %,.0f rule evaluations/s (%,d triggers in %.1f s, "
                + "%.1f%% of evaluations matched)%n", counts[0] / elapsed, counts[1] / elapsed, counts[0], elapsed,
                100.0 * counts[2] / counts[1]);

        ParameterResolver resolver = new ParameterResolver(renderer, kv);
        runRendering(resolver, matched, matchedPayloads, seconds / 2); // warm-up
        long[] renders = runRendering(resolver, matched, matchedPayloads, seconds);
        System.out.printf("parameters: %,.0f renders/s of a matched rule's 3 templated parameters%n",
                renders[0] / (renders[1] / 1e9));
    }

    /** Returns {triggers, rule evaluations, matches, nanos}. */
    private static long[] runMatching(Map<String, List<RuleSpec>> index, List<Trigger> triggers, RuleMatcher matcher,
            double seconds, List<RuleSpec> matched, List<JsonNode> matchedPayloads) {
        long triggersDone = 0;
        long evaluations = 0;
        long matches = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (Trigger trigger : triggers) {
                List<RuleSpec> rules = index.get(trigger.type());
                List<RuleMatcher.Verdict<RuleSpec>> verdicts = matcher.select(rules, r -> r, trigger.payload());
                boolean standardMatched = verdicts.stream()
                        .anyMatch(v -> v.enforce() && v.rule().type != RuleSpec.Type.BACKSTOP);
                for (RuleMatcher.Verdict<RuleSpec> verdict : verdicts) {
                    // backstop rules are only evaluated when no standard rule matched
                    evaluations += verdict.rule().type == RuleSpec.Type.BACKSTOP && standardMatched ? 0 : 1;
                    if (verdict.enforce()) {
                        matches++;
                        if (matched != null && matched.size() < 1_000) {
                            matched.add(verdict.rule());
                            matchedPayloads.add(trigger.payload());
                        }
                    }
                }
                triggersDone++;
            }
        }
        return new long[] {triggersDone, evaluations, matches, System.nanoTime() - start};
    }

    /** Returns {renders, nanos}. */
    private static long[] runRendering(ParameterResolver resolver, List<RuleSpec> rules, List<JsonNode> payloads,
            double seconds) {
        long renders = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline && !rules.isEmpty()) {
            for (int i = 0; i < rules.size(); i++) {
                resolver.resolve(rules.get(i).action.parameters, null, Map.of("trigger", payloads.get(i)));
                renders++;
            }
        }
        return new long[] {renders, System.nanoTime() - start};
    }

    private static RuleSpec rule(String type, int id, Random random) {
        RuleSpec rule = new RuleSpec();
        rule.trigger = new TriggerRef();
        rule.trigger.type = type;
        rule.type = id % RULES_PER_TYPE == RULES_PER_TYPE - 1 ? RuleSpec.Type.BACKSTOP : RuleSpec.Type.STANDARD;
        rule.criteria = new LinkedHashMap<>();
        int count = 2 + random.nextInt(3);
        for (int c = 0; c < count; c++) {
            addCriterion(rule.criteria, (id + c) % 10, id % 10 == 3, random);
        }
        rule.action = new ActionRef();
        rule.action.ref = "action-" + id;
        rule.action.parameters = new LinkedHashMap<>();
        rule.action.parameters.put("message", JSON.getNodeFactory().textNode(
                "{{ trigger.body.host }} is {{ trigger.body.severity }} at {{ trigger.body.value }}"));
        rule.action.parameters.put("value", JSON.getNodeFactory().textNode("{{ trigger.body.value }}"));
        rule.action.parameters.put("tags", JSON.getNodeFactory().textNode("{{ trigger.body.tags }}"));
        return rule;
    }

    private static void addCriterion(Map<String, CriterionSpec> criteria, int kind, boolean jinja, Random random) {
        switch (kind) {
            case 0 -> criteria.put("trigger.body.severity", criterion(CriterionOperator.EQUALS,
                    SEVERITIES[random.nextInt(2)]));
            case 1 -> criteria.put("trigger.body.severity#in", criterion(CriterionOperator.INSIDE,
                    JSON.valueToTree(List.of("critical", "high", "medium"))));
            case 2 -> criteria.put("trigger.body.value", jinja
                    ? criterion(CriterionOperator.GREATERTHAN, "{{ kv.system.threshold | int }}")
                    : criterion(CriterionOperator.GREATERTHAN, random.nextInt(60)));
            case 3 -> criteria.put("trigger.body.value#max", criterion(CriterionOperator.LESSTHAN, 90 + random.nextInt(10)));
            case 4 -> criteria.put("trigger.body.host", criterion(CriterionOperator.REGEX,
                    "^(" + HOSTS[random.nextInt(HOSTS.length)] + "|" + HOSTS[random.nextInt(HOSTS.length)] + ")-\\d+$"));
            case 5 -> criteria.put("trigger.body.message", criterion(CriterionOperator.ICONTAINS, "DISK"));
            case 6 -> criteria.put("trigger.body['alert.name']", criterion(CriterionOperator.MATCHWILDCARD, "cpu-*"));
            case 7 -> criteria.put("trigger.body.region", criterion(CriterionOperator.STARTSWITH, "eu-"));
            case 8 -> criteria.put("trigger.body.owner", criterion(CriterionOperator.EXISTS, null));
            default -> {
                CriterionSpec search = criterion(CriterionOperator.SEARCH, JSON.valueToTree(Map.of(
                        "item.key", Map.of("type", "equals", "pattern", "env"),
                        "item.value", Map.of("type", "equals", "pattern", "production"))));
                search.condition = CriterionSpec.SearchCondition.any;
                criteria.put("trigger.body.tags", search);
            }
        }
    }

    private static CriterionSpec criterion(CriterionOperator type, Object pattern) {
        CriterionSpec spec = new CriterionSpec();
        spec.type = type;
        spec.pattern = pattern == null ? null : JSON.valueToTree(pattern);
        return spec;
    }

    private static JsonNode payload(Random random) {
        ObjectNode body = JSON.createObjectNode();
        body.put("severity", SEVERITIES[random.nextInt(SEVERITIES.length)]);
        body.put("value", random.nextInt(100));
        body.put("host", HOSTS[random.nextInt(HOSTS.length)] + "-" + random.nextInt(50));
        body.put("message", random.nextBoolean() ? "Disk almost full on /var" : "Load average high");
        body.put("alert.name", random.nextBoolean() ? "cpu-saturation" : "mem-pressure");
        body.put("region", random.nextBoolean() ? "eu-west-1" : "us-east-1");
        if (random.nextInt(4) > 0) {
            body.put("owner", "team-" + random.nextInt(8));
        }
        ArrayNode tags = body.putArray("tags");
        tags.addObject().put("key", "team").put("value", "t" + random.nextInt(8));
        tags.addObject().put("key", "env").put("value", random.nextBoolean() ? "production" : "staging");
        ObjectNode payload = JSON.createObjectNode();
        payload.set("body", body);
        payload.putObject("headers").put("Content-Type", "application/json");
        return payload;
    }
}
