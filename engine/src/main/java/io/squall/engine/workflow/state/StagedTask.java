package io.squall.engine.workflow.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

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

    public boolean isCompleted() {
        return Boolean.TRUE.equals(completed);
    }
}
