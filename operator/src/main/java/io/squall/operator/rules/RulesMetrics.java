package io.squall.operator.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The rules engine's Prometheus series (per replica, a handful of series whatever the number of rules):
 * {@code squall_rules_triggers_total{outcome}} (processed, retried, dead_lettered),
 * {@code squall_rules_enforcements_total{outcome}} (created, created_failed, not_enforced, existed, criteria_error)
 * and {@code squall_rules_status_patches_total}.
 */
@Singleton
public final class RulesMetrics {

    private final Counter processed;
    private final Counter retried;
    private final Counter deadLettered;
    private final Counter created;
    private final Counter createdFailed;
    private final Counter notEnforced;
    private final Counter existed;
    private final Counter criteriaErrors;

    public RulesMetrics(MeterRegistry registry, RuleStatusRecorder recorder) {
        processed = trigger(registry, "processed");
        retried = trigger(registry, "retried");
        deadLettered = trigger(registry, "dead_lettered");
        created = enforcement(registry, "created");
        createdFailed = enforcement(registry, "created_failed");
        notEnforced = enforcement(registry, "not_enforced");
        existed = enforcement(registry, "existed");
        criteriaErrors = enforcement(registry, "criteria_error");
        FunctionCounter.builder("squall.rules.status.patches", recorder, RuleStatusRecorder::patchesSent)
                .description("Rule status writes (counters are written in batches, not per trigger)")
                .register(registry);
    }

    void processed() {
        processed.increment();
    }

    void retried() {
        retried.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void enforcement(RuleEnforcer.Outcome outcome) {
        switch (outcome) {
            case CREATED -> created.increment();
            case CREATED_FAILED -> createdFailed.increment();
            case NOT_ENFORCED -> notEnforced.increment();
            case EXISTED -> existed.increment();
        }
    }

    void criteriaError() {
        criteriaErrors.increment();
    }

    private static Counter trigger(MeterRegistry registry, String outcome) {
        return Counter.builder("squall.rules.triggers")
                .tag("outcome", outcome)
                .description("Triggers taken from SQUALL_TRIGGERS by this replica, by what became of them")
                .register(registry);
    }

    private static Counter enforcement(MeterRegistry registry, String outcome) {
        return Counter.builder("squall.rules.enforcements")
                .tag("outcome", outcome)
                .description("Matched rules (and criteria that could not be evaluated), by outcome")
                .register(registry);
    }
}
