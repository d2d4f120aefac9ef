package io.squall.operator.rules;

import io.squall.api.v1alpha1.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enabled Rules by (namespace, trigger type): what the rules engine matches a trigger against. Fed by the
 * Rule informer, so creating, changing, disabling or deleting a Rule takes effect without a restart. Reads are
 * lock-free (each key holds an immutable list, replaced on change); writes are serialised.
 */
public final class RuleIndex {

    private record Key(String namespace, String triggerType) {}

    private static final Comparator<Rule> BY_NAME =
            Comparator.comparing(rule -> rule.getMetadata().getName());

    private final Map<Key, List<Rule>> rulesByTrigger = new ConcurrentHashMap<>();
    /** namespace/name -> where the rule is indexed now, to move it when its trigger type changes. */
    private final Map<String, Key> keyOfRule = new HashMap<>();

    /** Adds or replaces the rule; a disabled rule, or one without a trigger type, is removed instead. */
    public synchronized void put(Rule rule) {
        remove(rule.getMetadata().getNamespace(), rule.getMetadata().getName());
        if (!isIndexable(rule)) {
            return;
        }
        Key key = new Key(rule.getMetadata().getNamespace(), rule.getSpec().trigger.type);
        List<Rule> rules = new ArrayList<>(rulesByTrigger.getOrDefault(key, List.of()));
        rules.add(rule);
        rules.sort(BY_NAME);
        rulesByTrigger.put(key, List.copyOf(rules));
        keyOfRule.put(id(rule.getMetadata().getNamespace(), rule.getMetadata().getName()), key);
    }

    public synchronized void remove(String namespace, String name) {
        Key key = keyOfRule.remove(id(namespace, name));
        if (key == null) {
            return;
        }
        List<Rule> rules = rulesByTrigger.getOrDefault(key, List.of()).stream()
                .filter(rule -> !rule.getMetadata().getName().equals(name))
                .toList();
        if (rules.isEmpty()) {
            rulesByTrigger.remove(key);
        } else {
            rulesByTrigger.put(key, rules);
        }
    }

    /** The enabled rules of the namespace listening to the trigger type, by name. */
    public List<Rule> rulesFor(String namespace, String triggerType) {
        return rulesByTrigger.getOrDefault(new Key(namespace, triggerType), List.of());
    }

    public synchronized int size() {
        return keyOfRule.size();
    }

    private static boolean isIndexable(Rule rule) {
        var spec = rule.getSpec();
        return spec != null
                && !Boolean.FALSE.equals(spec.enabled)
                && spec.trigger != null
                && spec.trigger.type != null
                && spec.action != null
                && spec.action.ref != null;
    }

    private static String id(String namespace, String name) {
        return namespace + "/" + name;
    }
}
