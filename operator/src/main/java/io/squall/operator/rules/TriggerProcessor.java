package io.squall.operator.rules;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.squall.api.messages.Json;
import io.squall.api.messages.MalformedMessageException;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Rule;
import io.squall.engine.RuleMatcher;
import io.squall.engine.template.KvLookup;
import io.squall.operator.trigger.DeadLetterPublisher;
import io.squall.operator.trigger.TriggerConsumer;
import io.squall.operator.trigger.TriggerConsumer.Disposition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One trigger from JetStream to Executions: parse it (a payload that cannot be parsed, or whose subject does not
 * match its namespace and type, goes to the dead-letter subject), select the enabled rules of its namespace and
 * type, match them with the engine's {@link RuleMatcher} (backstop rules only when no standard rule matched), and
 * enforce every match. It is done — acknowledged — only when every matching Execution exists or its failure is
 * recorded; an API server error hands it back for a later retry.
 */
public final class TriggerProcessor implements TriggerConsumer.Handler {

    private static final Logger LOG = Logger.getLogger(TriggerProcessor.class);

    private final RuleIndex index;
    private final RuleMatcher matcher;
    private final RuleEnforcer enforcer;
    private final RuleStatusRecorder recorder;
    private final DeadLetterPublisher deadLetters;
    /** The datastore a namespace's rules read (its system scope). */
    private final Function<String, KvLookup> kv;

    private final RulesMetrics metrics;

    public TriggerProcessor(
            RuleIndex index,
            RuleMatcher matcher,
            RuleEnforcer enforcer,
            RuleStatusRecorder recorder,
            DeadLetterPublisher deadLetters,
            Function<String, KvLookup> kv,
            RulesMetrics metrics) {
        this.index = index;
        this.matcher = matcher;
        this.enforcer = enforcer;
        this.recorder = recorder;
        this.deadLetters = deadLetters;
        this.kv = kv;
        this.metrics = metrics;
    }

    @Override
    public Disposition handle(Message message) {
        TriggerEvent trigger;
        try {
            trigger = parse(message);
        } catch (MalformedMessageException e) {
            return deadLetter(message, e.getMessage());
        }
        try {
            process(trigger);
            metrics.processed();
            return Disposition.ACK;
        } catch (RetryLaterException e) {
            metrics.retried();
            LOG.warnf(
                    "Trigger %s (%s): %s; it will be delivered again",
                    trigger.id(), message.getSubject(), e.getMessage());
            return Disposition.RETRY;
        } catch (RuntimeException e) {
            // a defect, not a condition that passes: retrying would block nothing but loop forever
            LOG.errorf(e, "Trigger %s (%s) could not be processed", trigger.id(), message.getSubject());
            return deadLetter(message, "processing failed: " + e);
        }
    }

    /** The trigger; its subject must be the one its namespace and type give (a publisher may only speak for its subject). */
    static TriggerEvent parse(Message message) {
        TriggerEvent trigger = Json.fromBytes(message.getData(), TriggerEvent.class);
        String expected;
        try {
            expected = Subjects.trigger(trigger.namespace(), trigger.type());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("trigger event: namespace: " + e.getMessage(), e);
        }
        if (!expected.equals(message.getSubject())) {
            throw new MalformedMessageException("trigger event: published on " + message.getSubject()
                    + " but its namespace and type say " + expected);
        }
        return trigger;
    }

    /**
     * Failures that leave no Execution behind (a criterion that throws, a missing action) are counted only once the
     * whole trigger is done: a trigger handed back for a retry evaluates them again, and must not count them twice.
     * A created Execution is counted at once, since a redelivery finds it existing and counts nothing.
     */
    private void process(TriggerEvent trigger) {
        List<Rule> candidates = TimerTriggers.candidates(
                trigger.type(), trigger.payload(), index.rulesFor(trigger.namespace(), trigger.type()));
        if (candidates.isEmpty()) {
            return;
        }
        List<Runnable> countWhenDone = new ArrayList<>();
        KvLookup datastore = kv.apply(trigger.namespace());
        for (RuleMatcher.Verdict<Rule> verdict :
                matcher.withKv(datastore).select(candidates, Rule::getSpec, trigger.payload())) {
            if (verdict.result().error()) {
                metrics.criteriaError();
                String error = "trigger " + trigger.id() + ": criteria "
                        + verdict.result().failedCriterion() + ": "
                        + verdict.result().reason();
                countWhenDone.add(() -> recorder.criteriaFailed(verdict.rule(), error));
            }
            if (verdict.enforce()) {
                enforce(verdict.rule(), trigger, datastore, countWhenDone);
            }
        }
        countWhenDone.forEach(Runnable::run);
    }

    private void enforce(Rule rule, TriggerEvent trigger, KvLookup datastore, List<Runnable> countWhenDone) {
        RuleEnforcer.Result result = enforcer.enforce(rule, trigger, datastore);
        metrics.enforcement(result.outcome());
        switch (result.outcome()) {
            case CREATED -> recorder.enforced(rule);
            case CREATED_FAILED -> recorder.enforcementFailed(rule, result.error());
            case NOT_ENFORCED -> countWhenDone.add(() -> recorder.enforcementFailed(rule, result.error()));
            case EXISTED ->
                LOG.debugf(
                        "Trigger %s: Execution %s exists (an earlier delivery)", trigger.id(), result.executionName());
        }
    }

    private Disposition deadLetter(Message message, String reason) {
        try {
            deadLetters.publish(message, reason);
            metrics.deadLettered();
            return Disposition.ACK;
        } catch (IOException | JetStreamApiException e) {
            metrics.retried();
            LOG.warnf(
                    "Malformed trigger on %s could not be dead-lettered (%s); it will be delivered again",
                    message.getSubject(), e.getMessage());
            return Disposition.RETRY;
        }
    }
}
