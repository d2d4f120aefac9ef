package io.squall.engine.workflow.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the task sequence: a task instance on a route. {@code ctxIn} are the indexes of the contexts it
 * started with, {@code prev} the inbound transitions that staged it ({@code task__tN} → sequence index),
 * {@code next} each outbound transition's evaluated criteria, {@code term} whether it ended a branch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TaskState {
    public String id;
    public int route;

    @JsonProperty("ctxs_in")
    public List<Integer> ctxIn = new ArrayList<>();

    @JsonProperty("ctxs_out")
    public Map<String, Integer> ctxOut;

    public Map<String, Integer> prev = new LinkedHashMap<>();
    public Map<String, Boolean> next = new LinkedHashMap<>();
    /** Null until the first event (Orquesta's absent status). */
    public String status;

    public Map<String, Object> retry;
    public Boolean term;

    public boolean isTerm() {
        return Boolean.TRUE.equals(term);
    }
}
