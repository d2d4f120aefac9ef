package io.squall.operator.validation;

import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.CriterionOperator;
import io.squall.api.v1alpha1.CriterionSpec;
import io.squall.api.v1alpha1.RuleSpec;

/** Checks a Rule: trigger parameters of timers, criteria syntax, and that the action (or workflow) exists. */
public final class RuleValidator {

    private RuleValidator() {}

    public static Validation validate(RuleSpec spec, String namespace, ReferenceLookup references) {
        Validation validation = new Validation();
        if (spec == null) {
            return validation.problem(Reasons.MISSING_FIELD, "spec", "is required");
        }
        if (spec.trigger == null || spec.trigger.type == null || spec.trigger.type.isBlank()) {
            validation.problem(Reasons.INVALID_TRIGGER, "spec.trigger.type", "is required");
        } else {
            validation.addAll(TimerTriggerValidator.validate(spec.trigger.type, spec.trigger.parameters));
        }
        if (spec.criteria != null) {
            spec.criteria.forEach((key, criterion) -> criterion(key, criterion, validation));
        }
        if (spec.action == null || spec.action.ref == null || spec.action.ref.isBlank()) {
            validation.problem(Reasons.MISSING_FIELD, "spec.action.ref", "is required");
        } else {
            ActionKind kind = spec.action.kind == null ? ActionKind.Action : spec.action.kind;
            if (!references.exists(kind, spec.action.ref)) {
                validation.problem(
                        Reasons.ACTION_NOT_FOUND, "spec.action.ref", notFound(kind, spec.action.ref, namespace));
            }
        }
        return validation;
    }

    static String notFound(ActionKind kind, String name, String namespace) {
        return kind + " \"" + name + "\" not found in namespace \"" + namespace + "\"";
    }

    private static void criterion(String key, CriterionSpec criterion, Validation validation) {
        String path = "spec.criteria[\"" + key + "\"]";
        if (!key.startsWith("trigger.") && !key.startsWith("trigger[")) {
            validation.problem(
                    Reasons.INVALID_CRITERIA,
                    path,
                    "the key must be a path into the trigger, starting with `trigger.` (e.g. trigger.body.status)");
        }
        if (criterion == null || criterion.type == null) {
            validation.problem(Reasons.INVALID_CRITERIA, path + ".type", "is required");
            return;
        }
        boolean search = criterion.type == CriterionOperator.SEARCH;
        if (search && criterion.condition == null) {
            validation.problem(
                    Reasons.INVALID_CRITERIA,
                    path + ".condition",
                    "is required for type search (any, all, all2any or any2any)");
        }
        if (!search && criterion.condition != null) {
            validation.problem(
                    Reasons.INVALID_CRITERIA,
                    path + ".condition",
                    "is only allowed for type search, not " + operatorName(criterion.type));
        }
        if (search && criterion.pattern != null && !criterion.pattern.isObject()) {
            validation.problem(
                    Reasons.INVALID_CRITERIA, path + ".pattern", "for type search must map `item.` keys to criteria");
        }
        if (needsPattern(criterion.type) && (criterion.pattern == null || criterion.pattern.isNull())) {
            validation.problem(
                    Reasons.INVALID_CRITERIA,
                    path + ".pattern",
                    "is required for type " + operatorName(criterion.type));
        }
    }

    /** Every StackStorm operator compares with a pattern except exists/nexists. */
    private static boolean needsPattern(CriterionOperator operator) {
        return operator != CriterionOperator.EXISTS && operator != CriterionOperator.NEXISTS;
    }

    private static String operatorName(CriterionOperator operator) {
        return operator.name().toLowerCase();
    }
}
