package io.squall.engine.criteria;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.v1alpha1.CriterionOperator;
import io.squall.api.v1alpha1.CriterionSpec;
import io.squall.engine.MatchResult;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateException;
import io.squall.engine.template.TemplateRenderer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * StackStorm's RuleFilter criteria loop: every criterion must hold, checked in order, stopping at the first that
 * does not. Per criterion: render the pattern (Jinja, to_complex), look the key up ({@code #tag} ignored, first
 * match), apply the operator. Anything that raises is a recorded non-match, never an exception. {@code search}
 * evaluates its nested {@code item.} criteria per list item with the same machinery.
 */
public final class CriteriaEvaluator {
    private static final JsonMapper CRITERIA_MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS) // StackStorm lower-cases operator names
            .build();
    private static final TypeReference<LinkedHashMap<String, CriterionSpec>> CRITERIA_MAP = new TypeReference<>() {};

    private final TemplateRenderer renderer;
    private final KvLookup kv;
    private final Clock clock;

    public CriteriaEvaluator(TemplateRenderer renderer, KvLookup kv, Clock clock) {
        this.renderer = renderer;
        this.kv = kv;
        this.clock = clock;
    }

    /** Checks every criterion against the payload, reachable in keys and templates as {@code prefix}. */
    public MatchResult evaluate(Map<String, CriterionSpec> criteria, String prefix, JsonNode payload) {
        ObjectNode root = JsonNodeFactory.instance.objectNode().set(prefix, payload);
        for (Map.Entry<String, CriterionSpec> criterion : criteria.entrySet()) {
            MatchResult result = check(criterion.getKey(), criterion.getValue(), prefix, root);
            if (!result.matched()) {
                return result;
            }
        }
        return MatchResult.match();
    }

    private MatchResult check(String key, CriterionSpec spec, String prefix, ObjectNode root) {
        if (spec == null || spec.type == null) {
            return MatchResult.noMatch(key, "the criterion has no type (operator)");
        }
        String operator = Operators.name(Operators.canonical(spec.type));
        JsonNode pattern;
        try {
            pattern = render(spec.pattern, prefix, root.get(prefix));
        } catch (TemplateException e) {
            return MatchResult.failure(key, "cannot render the pattern: " + e.getMessage());
        }
        try {
            KeyPath path = KeyPath.parse(key);
            JsonNode value = path.find(root);
            if (spec.type == CriterionOperator.SEARCH) {
                return search(key, value, spec.condition, pattern);
            }
            if (Operators.apply(spec.type, value, pattern, clock)) {
                return MatchResult.match();
            }
            String hint = value == null && !path.root().equals(prefix) ? " (keys start with '" + prefix + ".')" : "";
            return MatchResult.noMatch(key, explain(operator, value, pattern) + hint);
        } catch (CriterionException e) {
            return MatchResult.failure(key, operator + ": " + e.getMessage());
        }
    }

    private JsonNode render(JsonNode pattern, String prefix, JsonNode payload) {
        if (pattern == null
                || !pattern.isTextual()
                || !(TemplateRenderer.isTemplate(pattern.textValue())
                        || pattern.textValue().contains("{#"))) {
            return pattern; // non-strings are compared as they are; plain text renders to itself
        }
        return renderer.renderCriteriaPattern(pattern.textValue(), Map.of(prefix, payload), kv);
    }

    private MatchResult search(String key, JsonNode value, CriterionSpec.SearchCondition condition, JsonNode pattern) {
        if (condition == null) {
            throw new CriterionException("search needs a condition: any, all, all2any or any2any");
        }
        if (pattern == null || !pattern.isObject()) {
            throw new CriterionException("search needs a pattern of nested item.* criteria, got "
                    + PyValues.typeName(pattern) + " " + PyValues.show(pattern));
        }
        Map<String, CriterionSpec> children;
        try {
            children = CRITERIA_MAPPER.convertValue(pattern, CRITERIA_MAP);
        } catch (IllegalArgumentException e) {
            throw new CriterionException("invalid nested criteria: " + e.getMessage(), e);
        }
        List<JsonNode> items;
        if (value != null && value.isObject()) {
            items = List.of(value);
        } else if (value != null && value.isArray()) {
            items = new java.util.ArrayList<>(value.size());
            value.forEach(items::add);
        } else {
            throw new CriterionException("search needs a list (or dict) value, got " + PyValues.typeName(value) + " "
                    + PyValues.show(value));
        }
        boolean everyItem =
                condition == CriterionSpec.SearchCondition.all || condition == CriterionSpec.SearchCondition.all2any;
        boolean everyChild =
                condition == CriterionSpec.SearchCondition.any || condition == CriterionSpec.SearchCondition.all;
        MatchResult firstError = null;
        for (int i = 0; i < items.size(); i++) {
            ObjectNode itemRoot = JsonNodeFactory.instance.objectNode().set("item", items.get(i));
            MatchResult itemResult = null;
            for (Map.Entry<String, CriterionSpec> child : children.entrySet()) {
                MatchResult r = check(child.getKey(), child.getValue(), "item", itemRoot);
                if (r.error() && firstError == null) {
                    firstError = new MatchResult(false, r.failedCriterion(), "item " + i + ": " + r.reason(), true);
                }
                if (r.matched() != everyChild) {
                    itemResult = r; // decided: one failed (every child needed) or one held (any child enough)
                    break;
                }
            }
            boolean itemMatches = everyChild ? itemResult == null : itemResult != null;
            if (itemMatches && !everyItem) {
                return MatchResult.match();
            }
            if (!itemMatches && everyItem) {
                return searchFailed(
                        key,
                        condition,
                        firstError,
                        "item " + i + " does not satisfy "
                                + (everyChild
                                        ? "all nested criteria: " + itemResult.failedCriterion() + ": "
                                                + itemResult.reason()
                                        : "any nested criterion"));
            }
        }
        return everyItem
                ? MatchResult.match()
                : searchFailed(
                        key,
                        condition,
                        firstError,
                        "none of the " + items.size() + " items satisfies " + (everyChild ? "all" : "any")
                                + " nested criteria");
    }

    private static MatchResult searchFailed(
            String key, CriterionSpec.SearchCondition condition, MatchResult error, String why) {
        String reason = "search " + condition + ": " + why;
        return error == null
                ? MatchResult.noMatch(key, reason)
                : MatchResult.failure(key, reason + "; " + error.failedCriterion() + " failed on " + error.reason());
    }

    private static String explain(String operator, JsonNode value, JsonNode pattern) {
        String shown = value == null ? "the key selects nothing" : "value " + PyValues.show(value);
        return switch (operator) {
            case "exists" -> shown + " (exists needs a non-null value)";
            case "nexists" -> shown + " (nexists needs no value)";
            default -> shown + " does not satisfy " + operator + " " + PyValues.show(pattern);
        };
    }
}
