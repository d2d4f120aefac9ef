package io.squall.cli.pack;

import java.util.Locale;

/**
 * StackStorm references ({@code pack.action_name}) as Kubernetes names ({@code pack-action-name}), the same way
 * everywhere so a rule, a workflow task and a policy still point at the action they named. Squall's own core pack
 * follows the same rule ({@code core.local} is {@code core-local}).
 */
public final class PackNames {
    private PackNames() {}

    /** {@code pack.my_action} → {@code pack-my-action}: lower case, anything but [a-z0-9] becomes one '-'. */
    public static String resource(String ref) {
        String name = ref.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("'" + ref + "' has no letter or digit to make a Kubernetes name of");
        }
        return name.length() > 253 ? name.substring(0, 253).replaceAll("-+$", "") : name;
    }

    /** A ConfigMap key for a file under actions/: [-._a-zA-Z0-9] only. */
    static String configMapKey(String relativePath) {
        return relativePath.replaceAll("[^-._a-zA-Z0-9]+", "_");
    }

    /** The pack of a reference: {@code core} for {@code core.local}; null without a dot. */
    static String packOf(String ref) {
        int dot = ref.indexOf('.');
        return dot <= 0 ? null : ref.substring(0, dot);
    }
}
