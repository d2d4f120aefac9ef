package io.squall.engine.workflow.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task instance waiting to run (or, for with-items, running item by item): its contexts, the transitions that
 * staged it, whether its inbound criteria are satisfied ({@code ready}), and for with-items the status of each item.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class StagedTask {
    public String id;
    public int route;

    @JsonProperty("ctxs_in")
    public List<Integer> ctxIn = new ArrayList<>();

    public Map<String, Integer> prev = new LinkedHashMap<>();
    public boolean ready;
    public Map<String, Object> retry;
    /** Item statuses of a with-items task (null until first dispatched). */
    public List<String> items;

    public Boolean completed;

    @JsonProperty("run_on_fail")
    public Boolean runOnFail;

    /** How many items are in each status (kept as items change, so a 10,000-item task stays linear). */
    @JsonIgnore
    private Map<String, Integer> itemCounts;

    /** Sets one item's status. */
    public void setItem(int index, String status) {
        String old = items.set(index, status);
        if (itemCounts != null) {
            itemCounts.merge(io.squall.engine.workflow.Statuses.orUnset(old), -1, Integer::sum);
            itemCounts.merge(io.squall.engine.workflow.Statuses.orUnset(status), 1, Integer::sum);
        }
    }

    /** Replaces all items (first dispatch, rerun). */
    public void resetItemCounts() {
        itemCounts = null;
    }

    public Map<String, Integer> itemCounts() {
        if (itemCounts == null) {
            itemCounts = new java.util.HashMap<>();
            if (items != null) {
                items.forEach(s -> itemCounts.merge(io.squall.engine.workflow.Statuses.orUnset(s), 1, Integer::sum));
            }
        }
        return itemCounts;
    }

    public boolean isCompleted() {
        return Boolean.TRUE.equals(completed);
    }
}
