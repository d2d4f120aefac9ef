package io.squall.runner.kubernetes;

import io.squall.runner.ActionConfigException;

/** scale's {@code replicas}: a count ({@code 3}) or a change of the current one ({@code +2}, {@code -1}). */
record ReplicaChange(boolean relative, int amount) {

    static ReplicaChange parse(String text) throws ActionConfigException {
        String field = "action.kubernetes.replicas";
        if (text == null || text.isBlank()) {
            throw new ActionConfigException(field, "is required by operation scale (a count like 3, or +1 / -1)");
        }
        String value = text.strip();
        boolean relative = value.startsWith("+") || value.startsWith("-");
        try {
            int amount = Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
            if (!relative && amount < 0) {
                throw new ActionConfigException(field, "'" + text + "' must not be negative");
            }
            return new ReplicaChange(relative, amount);
        } catch (NumberFormatException e) {
            throw new ActionConfigException(field, "'" + text + "' is not a replica count (3) or change (+1, -1)", e);
        }
    }

    int applyTo(int current) {
        return relative ? current + amount : amount;
    }
}
