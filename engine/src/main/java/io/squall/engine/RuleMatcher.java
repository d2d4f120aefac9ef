package io.squall.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.engine.criteria.CriteriaEvaluator;
import io.squall.engine.criteria.PyValues;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decides whether a rule applies to a trigger instance, as StackStorm's RuleFilter: a disabled rule never matches;
 * a rule with criteria never matches an empty payload (not even with nexists); a rule without criteria always
 * matches; otherwise every criterion must hold. It does not compare trigger types: callers select the rules of
 * the trigger's type first (the operator's index, the CLI's check).
 */
public final class RuleMatcher {
    private final CriteriaEvaluator criteria;
    private final TemplateRenderer renderer;
    private final Clock clock;

    public RuleMatcher(TemplateRenderer renderer, KvLookup kv, Clock clock) {
        this.criteria = new CriteriaEvaluator(renderer, kv, clock);
        this.renderer = renderer;
        this.clock = clock;
    }

    /** The same matcher reading another datastore (e.g. the namespace of the trigger at hand). */
    public RuleMatcher withKv(KvLookup kv) {
        return new RuleMatcher(renderer, kv, clock);
    }

    public RuleMatcher(TemplateRenderer renderer, KvLookup kv) {
        this(renderer, kv, Clock.systemUTC());
    }

    public MatchResult match(RuleSpec rule, TriggerEvent event) {
        return match(rule, event.payload());
    }

    public MatchResult match(RuleSpec rule, JsonNode payload) {
        if (Boolean.FALSE.equals(rule.enabled)) {
            return MatchResult.noMatch(null, "the rule is disabled");
        }
        if (rule.criteria == null || rule.criteria.isEmpty()) {
            return MatchResult.match();
        }
        if (!PyValues.truthy(payload)) {
            return MatchResult.noMatch(null, "the trigger payload is empty and the rule has criteria");
        }
        return criteria.evaluate(rule.criteria, "trigger", payload);
    }

    /** One rule's verdict for a trigger instance. */
    public record Verdict<R>(R rule, MatchResult result, boolean enforce) {}

    /**
     * StackStorm's two passes over the rules of one trigger: standard rules first; backstop rules only when no
     * standard rule matched (they are not even evaluated otherwise). Returns one verdict per rule, in input order;
     * {@code enforce} marks the rules to run.
     */
    public <R> List<Verdict<R>> select(List<R> rules, Function<R, RuleSpec> specOf, JsonNode payload) {
        List<Verdict<R>> verdicts = new ArrayList<>(rules.size());
        boolean standardMatched = false;
        for (R rule : rules) {
            if (!isBackstop(specOf.apply(rule))) {
                MatchResult result = match(specOf.apply(rule), payload);
                standardMatched |= result.matched();
                verdicts.add(new Verdict<>(rule, result, result.matched()));
            } else {
                verdicts.add(null); // decided in the second pass
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            if (verdicts.get(i) == null) {
                R rule = rules.get(i);
                MatchResult result = standardMatched
                        ? MatchResult.noMatch(null, "backstop rule skipped: a standard rule matched")
                        : match(specOf.apply(rule), payload);
                verdicts.set(i, new Verdict<>(rule, result, result.matched()));
            }
        }
        return verdicts;
    }

    /** The rules to enforce: standard matches, or backstop matches when no standard rule matched. */
    public <R> List<R> rulesToEnforce(List<R> rules, Function<R, RuleSpec> specOf, JsonNode payload) {
        return select(rules, specOf, payload).stream()
                .filter(Verdict::enforce)
                .map(Verdict::rule)
                .toList();
    }

    private static boolean isBackstop(RuleSpec spec) {
        return spec.type == RuleSpec.Type.BACKSTOP;
    }
}
