package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Re-run a finished workflow from some of its tasks (`st2 execution re-run X --tasks t`). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RerunSpec {
    @Required
    @Pattern(Names.NAME_PATTERN)
    @JsonPropertyDescription("The earlier workflow Execution (same namespace) whose completed results are reused.")
    public String execution;

    @JsonPropertyDescription(
            "Tasks to run again (and what follows them); the earlier run's results of the tasks before "
                    + "them are reused. Empty: the tasks that failed.")
    public List<String> tasks;

    @JsonPropertyDescription("With-items tasks among tasks whose items are not reset: only their items that did not "
            + "succeed run again (st2 execution re-run --no-reset). The others run every item again.")
    public List<String> noReset;
}
