package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ConcurrencySpec;
import io.squall.api.v1alpha1.Execution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * StackStorm's action.concurrency and action.concurrency.attr policies: at most {@code limit} Executions of an Action
 * (per distinct values of the {@code attributes} parameters) are Scheduled or Running in a namespace at once. Only the
 * leader reconciles, so the slots are counted here, in one place: the holders of a bucket are rebuilt from the
 * informer cache when the bucket is first used (after a restart or a lease takeover), and an admission is remembered
 * until the cache shows that attempt ended, so two reconciles in quick succession, before the cache shows the first
 * one Scheduled, cannot both take the last slot. Waiting executions start first come, first served (creation time,
 * then name).
 */
@ApplicationScoped
public class ConcurrencySlots {

    /** What an execution may do now. */
    public sealed interface Decision {}

    public record Admit() implements Decision {}

    public record Wait(String message) implements Decision {}

    public record Refuse(String message) implements Decision {}

    /** The holders of one bucket: execution name → the attempt that holds the slot. */
    private final Map<String, Map<String, Integer>> holders = new HashMap<>();

    /**
     * Whether {@code execution} (about to start attempt {@code attempt}) may start now under the Action's policy.
     *
     * @param sameAction the Action's Executions in the namespace, from the cache
     * @param fresh      reads one Execution from the API server: a holder missing from the cache (a cache being
     *                   relisted) is looked up before its slot is given away
     */
    public synchronized Decision admit(
            Execution execution,
            int attempt,
            Action action,
            List<Execution> sameAction,
            Function<String, Optional<Execution>> fresh) {
        ConcurrencySpec policy = action.getSpec().concurrency;
        String bucket = bucket(execution, policy);
        Map<String, Execution> byName = new HashMap<>();
        sameAction.stream()
                .filter(e -> bucket.equals(bucket(e, policy)))
                .forEach(e -> byName.put(e.getMetadata().getName(), e));
        Map<String, Integer> held =
                holders.computeIfAbsent(execution.getMetadata().getNamespace() + "/" + bucket, k -> rebuild(byName));
        held.entrySet()
                .removeIf(h -> ended(
                        byName.containsKey(h.getKey())
                                ? byName.get(h.getKey())
                                : fresh.apply(h.getKey()).orElse(null),
                        h.getValue()));
        String name = execution.getMetadata().getName();
        if (held.containsKey(name)) {
            held.put(name, attempt);
            return new Admit();
        }
        int free = policy.limit - held.size();
        boolean cancel = policy.policy == ConcurrencySpec.Policy.CANCEL;
        if (free > 0 && (cancel || ahead(execution, byName, held) < free)) {
            held.put(name, attempt);
            return new Admit();
        }
        // stable while it waits (no status write per recheck); the holders are named only when it is canceled
        String message = "Action " + action.getMetadata().getName() + " allows " + policy.limit + " at once"
                + (policy.attributes == null || policy.attributes.isEmpty()
                        ? ""
                        : " per " + policy.attributes + " (" + bucketValues(execution, policy) + ")");
        if (held.isEmpty()) {
            holders.remove(execution.getMetadata().getNamespace() + "/" + bucket);
        }
        return cancel
                ? new Refuse(message + " and " + held.size() + " run ("
                        + String.join(", ", held.keySet().stream().sorted().toList())
                        + "): canceled by its concurrency policy (cancel)")
                : new Wait(message + ": it waits its turn (concurrency policy delay)");
    }

    /** The execution is gone or finished: forget its slot at once (the cache will show it, too). */
    public synchronized void release(Execution execution) {
        String prefix = execution.getMetadata().getNamespace() + "/";
        holders.forEach((bucket, held) -> {
            if (bucket.startsWith(prefix)) {
                held.remove(execution.getMetadata().getName());
            }
        });
    }

    private static Map<String, Integer> rebuild(Map<String, Execution> byName) {
        Map<String, Integer> held = new LinkedHashMap<>();
        byName.values().stream()
                .filter(e -> ExecutionTransitions.isInProgress(e.getStatus()))
                .forEach(e -> held.put(e.getMetadata().getName(), ExecutionTransitions.attempts(e.getStatus())));
        return held;
    }

    /**
     * A holder's attempt has ended once the cache shows the execution gone, finished, or back to waiting after that
     * attempt (a retry); a cache that still shows it before the attempt (our own write not seen yet) keeps it.
     */
    private static boolean ended(Execution cached, int attempt) {
        if (cached == null || ExecutionTransitions.isFinal(cached.getStatus())) {
            return true;
        }
        return ExecutionTransitions.isRequested(cached.getStatus())
                && ExecutionTransitions.attempts(cached.getStatus()) >= attempt;
    }

    /** How many waiting executions of the bucket came before this one. */
    private static long ahead(Execution execution, Map<String, Execution> byName, Map<String, Integer> held) {
        Comparator<Execution> order = Comparator.comparing(ConcurrencySlots::created)
                .thenComparing(e -> e.getMetadata().getName());
        return byName.values().stream()
                .filter(e -> !held.containsKey(e.getMetadata().getName()))
                .filter(e -> !e.getMetadata()
                        .getName()
                        .equals(execution.getMetadata().getName()))
                .filter(e ->
                        ExecutionTransitions.isRequested(e.getStatus()) && !Boolean.TRUE.equals(e.getSpec().cancel))
                .filter(e -> order.compare(e, execution) < 0)
                .count();
    }

    private static Instant created(Execution e) {
        String t = e.getMetadata().getCreationTimestamp();
        return t == null ? Instant.MAX : Instant.parse(t);
    }

    private static String bucket(Execution execution, ConcurrencySpec policy) {
        return execution.getSpec().action.name
                + (policy.attributes == null || policy.attributes.isEmpty()
                        ? ""
                        : "|" + bucketValues(execution, policy));
    }

    private static String bucketValues(Execution execution, ConcurrencySpec policy) {
        Map<String, JsonNode> params =
                execution.getSpec().parameters == null ? Map.of() : execution.getSpec().parameters;
        StringBuilder out = new StringBuilder();
        for (String attribute : policy.attributes) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(attribute).append('=').append(Objects.toString(params.get(attribute)));
        }
        return out.toString();
    }
}
