package io.squall.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.bench.BenchRow;
import io.squall.api.bench.BenchSize;
import io.squall.api.v1alpha1.ActionRef;
import io.squall.api.v1alpha1.CriterionOperator;
import io.squall.api.v1alpha1.CriterionSpec;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.api.v1alpha1.TriggerRef;
import io.squall.engine.RuleMatcher;
import io.squall.engine.params.ParameterResolver;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Matching throughput on one thread (a benchmark that prints figures, not a test). Builds 1,000 rules over 100
 * trigger types (10 per type, 2 to 4 criteria each: equals, inside, greaterthan/lessthan, regex, icontains,
 * startswith, matchwildcard, exists, search, #tag keys; 1 rule in 10 with a Jinja pattern), indexes them by
 * trigger type, then matches a stream of 10,000 pre-generated trigger payloads against the rules of their type
 * (StackStorm's two passes: standard, then backstop) and finally renders the action parameters of the matches.
 * Floors, on the same payloads: each criterion's key read by a precomputed JSON pointer and compared with
 * {@code equals} (the least a rule evaluation does), and the 3 parameter strings built by hand.
 * Run: {@code bin/squall-bench match [--quick]}; seconds per phase {@code -Dbench.seconds=5}.
 */
class MatchBenchmark {
    private static final int TRIGGER_TYPES = 100;
    private static final int RULES_PER_TYPE = 10;
    private static final int PAYLOADS = 10_000;
    private static final String[] SEVERITIES = {"critical", "high", "medium", "low"};
    private static final String[] HOSTS = {"web", "db", "cache", "queue", "batch"};
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A key segment: {@code name} or {@code ['dotted.name']}. */
    private static final Pattern KEY_SEGMENT = Pattern.compile("\\['([^']*)'\\]|([^.\\[\\]]+)");

    private record Trigger(String type, JsonNode payload) {}

    @Test
    @EnabledIfSystemProperty(named = "bench.run", matches = "true")
    @Timeout(120)
    void ruleMatching() {
        BenchRow.print(run(BenchSize.of("bench.seconds", 5.0, 1.0)));
    }

    /** Rows of matching and rendering, each phase {@code seconds} long after a warm-up of half that. */
    static List<BenchRow> run(double seconds) {
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

        List<RuleSpec> matched = new ArrayList<>();
        List<JsonNode> matchedPayloads = new ArrayList<>();
        runMatching(index, triggers, matcher, seconds / 2, null, null); // warm-up
        long[] counts = runMatching(index, triggers, matcher, seconds, matched, matchedPayloads);
        double elapsed = counts[3] / 1e9;
        System.out.printf(
                "matching: %,.0f triggers/s, %,.0f rule evaluations/s (%,d triggers in %.1f s, "
                        + "%.1f%% of evaluations matched)%n",
                counts[0] / elapsed, counts[1] / elapsed, counts[0], elapsed, 100.0 * counts[2] / counts[1]);
        Map<String, List<JsonPointerCriterion[]>> bare = bareIndex(index);
        runBareMatching(bare, triggers, seconds / 2); // warm-up
        long[] bareCounts = runBareMatching(bare, triggers, seconds);

        ParameterResolver resolver = new ParameterResolver(renderer, kv);
        runRendering(resolver, matched, matchedPayloads, seconds / 2); // warm-up
        long[] renders = runRendering(resolver, matched, matchedPayloads, seconds);
        runBareRendering(matchedPayloads, seconds / 2); // warm-up
        long[] bareRenders = runBareRendering(matchedPayloads, seconds);
        return List.of(
                new BenchRow(
                        "match",
                        "rule evaluations, 1,000 rules, 2-4 criteria",
                        counts[1] / elapsed,
                        "evaluations/s",
                        "same keys: JSON pointer + equals",
                        bareCounts[0] / (bareCounts[1] / 1e9)),
                new BenchRow(
                        "match",
                        "parameter renders, 3 Jinja templates",
                        renders[0] / (renders[1] / 1e9),
                        "renders/s",
                        "the same 3 strings built by hand",
                        bareRenders[0] / (bareRenders[1] / 1e9)));
    }

    /** A criterion reduced to what any evaluation must do: read the key, compare with a value. */
    private record JsonPointerCriterion(com.fasterxml.jackson.core.JsonPointer key, JsonNode pattern) {}

    private static Map<String, List<JsonPointerCriterion[]>> bareIndex(Map<String, List<RuleSpec>> index) {
        Map<String, List<JsonPointerCriterion[]>> bare = new HashMap<>();
        index.forEach((type, rules) -> bare.put(
                type,
                rules.stream()
                        .map(rule -> rule.criteria.entrySet().stream()
                                .map(c -> new JsonPointerCriterion(
                                        pointer(c.getKey()),
                                        c.getValue().pattern == null
                                                ? JSON.getNodeFactory().nullNode()
                                                : c.getValue().pattern))
                                .toArray(JsonPointerCriterion[]::new))
                        .toList()));
        return bare;
    }

    /** {@code trigger.body['alert.name']#tag} → {@code /body/alert.name}. */
    static com.fasterxml.jackson.core.JsonPointer pointer(String key) {
        String path = key.replaceFirst("#.*$", "").replaceFirst("^trigger\\.", "");
        StringBuilder pointer = new StringBuilder();
        Matcher segment = KEY_SEGMENT.matcher(path);
        while (segment.find()) {
            String name = segment.group(1) != null ? segment.group(1) : segment.group(2);
            pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
        }
        return com.fasterxml.jackson.core.JsonPointer.compile(pointer.toString());
    }

    /** Returns {rule evaluations, nanos}. */
    private static long[] runBareMatching(
            Map<String, List<JsonPointerCriterion[]>> index, List<Trigger> triggers, double seconds) {
        long evaluations = 0;
        long equal = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (Trigger trigger : triggers) {
                for (JsonPointerCriterion[] rule : index.get(trigger.type())) {
                    boolean all = true;
                    for (JsonPointerCriterion criterion : rule) {
                        all &= trigger.payload().at(criterion.key()).equals(criterion.pattern());
                    }
                    equal += all ? 1 : 0;
                    evaluations++;
                }
            }
        }
        if (equal > evaluations) {
            throw new IllegalStateException("unreachable: keeps the comparisons from being optimised away");
        }
        return new long[] {evaluations, System.nanoTime() - start};
    }

    /** Returns {renders, nanos}. */
    private static long[] runBareRendering(List<JsonNode> payloads, double seconds) {
        long renders = 0;
        long length = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline && !payloads.isEmpty()) {
            for (JsonNode payload : payloads) {
                JsonNode body = payload.path("body");
                String message = body.path("host").asText() + " is "
                        + body.path("severity").asText() + " at "
                        + body.path("value").asText();
                length += message.length()
                        + body.path("value").asText().length()
                        + body.path("tags").toString().length();
                renders++;
            }
        }
        return new long[] {renders, System.nanoTime() - start + (length < 0 ? 1 : 0)};
    }

    /** Returns {triggers, rule evaluations, matches, nanos}. */
    private static long[] runMatching(
            Map<String, List<RuleSpec>> index,
            List<Trigger> triggers,
            RuleMatcher matcher,
            double seconds,
            List<RuleSpec> matched,
            List<JsonNode> matchedPayloads) {
        long triggersDone = 0;
        long evaluations = 0;
        long matches = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (Trigger trigger : triggers) {
                List<RuleSpec> rules = index.get(trigger.type());
                List<RuleMatcher.Verdict<RuleSpec>> verdicts = matcher.select(rules, r -> r, trigger.payload());
                boolean standardMatched =
                        verdicts.stream().anyMatch(v -> v.enforce() && v.rule().type != RuleSpec.Type.BACKSTOP);
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
    private static long[] runRendering(
            ParameterResolver resolver, List<RuleSpec> rules, List<JsonNode> payloads, double seconds) {
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
        rule.action.parameters.put(
                "message",
                JSON.getNodeFactory()
                        .textNode(
                                "{{ trigger.body.host }} is {{ trigger.body.severity }} at {{ trigger.body.value }}"));
        rule.action.parameters.put("value", JSON.getNodeFactory().textNode("{{ trigger.body.value }}"));
        rule.action.parameters.put("tags", JSON.getNodeFactory().textNode("{{ trigger.body.tags }}"));
        return rule;
    }

    private static void addCriterion(Map<String, CriterionSpec> criteria, int kind, boolean jinja, Random random) {
        switch (kind) {
            case 0 ->
                criteria.put(
                        "trigger.body.severity", criterion(CriterionOperator.EQUALS, SEVERITIES[random.nextInt(2)]));
            case 1 ->
                criteria.put(
                        "trigger.body.severity#in",
                        criterion(CriterionOperator.INSIDE, JSON.valueToTree(List.of("critical", "high", "medium"))));
            case 2 ->
                criteria.put(
                        "trigger.body.value",
                        jinja
                                ? criterion(CriterionOperator.GREATERTHAN, "{{ kv.system.threshold | int }}")
                                : criterion(CriterionOperator.GREATERTHAN, random.nextInt(60)));
            case 3 ->
                criteria.put("trigger.body.value#max", criterion(CriterionOperator.LESSTHAN, 90 + random.nextInt(10)));
            case 4 ->
                criteria.put(
                        "trigger.body.host",
                        criterion(
                                CriterionOperator.REGEX,
                                "^(" + HOSTS[random.nextInt(HOSTS.length)] + "|" + HOSTS[random.nextInt(HOSTS.length)]
                                        + ")-\\d+$"));
            case 5 -> criteria.put("trigger.body.message", criterion(CriterionOperator.ICONTAINS, "DISK"));
            case 6 -> criteria.put("trigger.body['alert.name']", criterion(CriterionOperator.MATCHWILDCARD, "cpu-*"));
            case 7 -> criteria.put("trigger.body.region", criterion(CriterionOperator.STARTSWITH, "eu-"));
            case 8 -> criteria.put("trigger.body.owner", criterion(CriterionOperator.EXISTS, null));
            default -> {
                CriterionSpec search = criterion(
                        CriterionOperator.SEARCH,
                        JSON.valueToTree(Map.of(
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
