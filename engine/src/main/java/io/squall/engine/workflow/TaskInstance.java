package io.squall.engine.workflow;

import java.util.List;
import java.util.Map;

/**
 * A task the conductor hands out to run (Orquesta's get_next_tasks entry): id, route, the rendered actions (one,
 * or one per item not yet dispatched for with-items), the delay in seconds (task delay or retry delay) and, for
 * with-items, the item count and concurrency.
 */
public record TaskInstance(
        String id,
        int route,
        List<ActionSpec> actions,
        Integer delay,
        Integer itemsCount,
        Integer concurrency,
        Map<String, Object> context) {

    /** One action to run: the action name, its rendered input, and the item index for with-items. */
    public record ActionSpec(Object action, Object input, Integer itemId) {}

    public boolean hasItems() {
        return itemsCount != null;
    }

    TaskInstance withActions(List<ActionSpec> a, Integer concurrencyValue) {
        return new TaskInstance(id, route, a, delay, itemsCount, concurrencyValue, context);
    }

    TaskInstance withDelay(Integer d) {
        return new TaskInstance(id, route, actions, d, itemsCount, concurrency, context);
    }
}
