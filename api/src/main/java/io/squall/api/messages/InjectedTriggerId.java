package io.squall.api.messages;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of a trigger that core-inject-trigger published: {@code injected.<namespace>.<execution>.<uid>.<attempt>},
 * from the injecting Execution's attempt (a repeated attempt gets the same id, which the stream drops as a duplicate).
 * An Execution a rule starts from it records the id in spec.context.triggerId: {@code squall trace} reads the injector
 * back from it.
 */
public record InjectedTriggerId(String namespace, String execution, String uid, int attempt) {
    private static final String PREFIX = "injected.";
    /** Namespaces and uids hold no dots; an Execution name may. */
    private static final Pattern ID = Pattern.compile(Pattern.quote(PREFIX) + "([^.]+)\\.(.+)\\.([^.]+)\\.(\\d+)");

    public String id() {
        return PREFIX + namespace + "." + execution + "." + uid + "." + attempt;
    }

    /** The parts of an injected trigger's id; empty for any other trigger id. */
    public static Optional<InjectedTriggerId> parse(String id) {
        Matcher m = id == null ? null : ID.matcher(id);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InjectedTriggerId(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an attempt too large for an int: not one the operator made
        }
    }
}
