package io.squall.operator.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.RuleStatus;
import io.squall.operator.ApiErrors;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Rule status counters (matched, enforced, failed), last match time and last error, without a status write per
 * trigger: outcomes accumulate in memory and {@link #flush} writes each changed rule once. Several replicas flush
 * the same rules, so every write adds this replica's delta to the rule's current value and carries that value's
 * resourceVersion (a JSON merge patch of only these fields): a concurrent write makes it fail with 409, and it is
 * recomputed from a fresh read. A delta that cannot be written is kept for the next flush.
 */
@Singleton
public final class RuleStatusRecorder {

    private static final Logger LOG = Logger.getLogger(RuleStatusRecorder.class);
    private static final int MAX_ATTEMPTS = 5;

    record RuleKey(String namespace, String name) {}

    /** What happened to one rule since the last flush. */
    record Delta(long matched, long enforced, long failed, Instant lastMatch, String lastError) {
        Delta plus(Delta later) {
            return new Delta(
                    matched + later.matched,
                    enforced + later.enforced,
                    failed + later.failed,
                    later.lastMatch == null || (lastMatch != null && lastMatch.isAfter(later.lastMatch))
                            ? lastMatch
                            : later.lastMatch,
                    later.lastError != null ? later.lastError : lastError);
        }
    }

    private final KubernetesClient client;
    private final BiFunction<String, String, Optional<Rule>> cachedRule;
    private final Clock clock;
    private final Map<RuleKey, Delta> pending = new ConcurrentHashMap<>();
    private final AtomicLong patches = new AtomicLong();

    /** The operator's: rules read from its rules cache. */
    @Inject
    public RuleStatusRecorder(KubernetesClient client, RulesCache cache, Clock clock) {
        this(client, cache::rule, clock);
    }

    /** @param cachedRule the rule as the informer last saw it (a starting point; a conflict re-reads it) */
    public RuleStatusRecorder(
            KubernetesClient client, BiFunction<String, String, Optional<Rule>> cachedRule, Clock clock) {
        this.client = client;
        this.cachedRule = cachedRule;
        this.clock = clock;
    }

    /** The rule matched and its Execution was created. */
    public void enforced(Rule rule) {
        add(rule, new Delta(1, 1, 0, clock.instant(), null));
    }

    /** The rule matched but its enforcement failed (missing action, parameters that cannot be rendered). */
    public void enforcementFailed(Rule rule, String error) {
        add(rule, new Delta(1, 0, 1, clock.instant(), error));
    }

    /** A criterion could not be evaluated (StackStorm records a failed enforcement; the rule did not match). */
    public void criteriaFailed(Rule rule, String error) {
        add(rule, new Delta(0, 0, 1, null, error));
    }

    /** What is counted for a rule and not yet written (for tests). */
    Optional<Delta> pending(String namespace, String name) {
        return Optional.ofNullable(pending.get(new RuleKey(namespace, name)));
    }

    /** Status patches sent so far (all rules). */
    public long patchesSent() {
        return patches.get();
    }

    /** Writes every rule with a pending delta; a write that fails keeps its delta for the next flush. */
    public void flush() {
        for (RuleKey key : pending.keySet()) {
            Delta delta = pending.remove(key);
            if (delta == null) {
                continue;
            }
            try {
                write(key, delta);
            } catch (RuntimeException e) {
                pending.merge(key, delta, (newer, unwritten) -> unwritten.plus(newer));
                LOG.warnf(
                        "Rule %s/%s: status counters not written (%s); retrying at the next flush",
                        key.namespace(), key.name(), e.getMessage());
            }
        }
    }

    private void add(Rule rule, Delta delta) {
        pending.merge(
                new RuleKey(
                        rule.getMetadata().getNamespace(), rule.getMetadata().getName()),
                delta,
                Delta::plus);
    }

    private void write(RuleKey key, Delta delta) {
        Rule base = cachedRule.apply(key.namespace(), key.name()).orElse(null);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (base == null) {
                base = client.resources(Rule.class)
                        .inNamespace(key.namespace())
                        .withName(key.name())
                        .get();
                if (base == null) {
                    return; // the rule is gone: nothing to count on
                }
            }
            try {
                client.resources(Rule.class)
                        .inNamespace(key.namespace())
                        .withName(key.name())
                        .subresource("status")
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                Json.mapper().writeValueAsString(patch(base, delta)));
                patches.incrementAndGet();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == ApiErrors.NOT_FOUND) {
                    return;
                }
                if (e.getCode() != ApiErrors.CONFLICT) {
                    throw e;
                }
                base = null; // written meanwhile (another replica, the reconciler): re-read and add again
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise a status patch", e);
            }
        }
        throw new IllegalStateException("still conflicting after " + MAX_ATTEMPTS + " attempts");
    }

    /** {metadata: {resourceVersion}, status: {counters = current + delta, lastMatchTime, lastError}}. */
    static ObjectNode patch(Rule base, Delta delta) {
        RuleStatus current = base.getStatus() == null ? new RuleStatus() : base.getStatus();
        ObjectNode patch = Json.mapper().createObjectNode();
        patch.putObject("metadata").put("resourceVersion", base.getMetadata().getResourceVersion());
        ObjectNode status = patch.putObject("status");
        status.put("matched", value(current.matched) + delta.matched());
        status.put("enforced", value(current.enforced) + delta.enforced());
        status.put("failed", value(current.failed) + delta.failed());
        Instant lastMatch = later(parse(current.lastMatchTime), delta.lastMatch());
        if (lastMatch != null) {
            status.put(
                    "lastMatchTime", lastMatch.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        if (delta.lastError() != null) {
            status.put("lastError", delta.lastError());
        }
        return patch;
    }

    private static long value(Long counter) {
        return counter == null ? 0 : counter;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null; // not ours to keep: the next match time replaces it
        }
    }
}
