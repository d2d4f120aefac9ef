package io.squall.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.Names;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowNamesTest {

    @Test
    void theSameTaskInstanceAlwaysGetsTheSameName() {
        assertThat(WorkflowNames.child("ns", "alert-1", "notify_start", 0, null, 1))
                .isEqualTo(WorkflowNames.child("ns", "alert-1", "notify_start", 0, null, 1))
                .startsWith("alert-1-notify-start-")
                .matches(Names.NAME_PATTERN);
    }

    @Test
    void eachPartOfTheKeyMakesAnotherName() {
        Set<String> names = new HashSet<>();
        names.add(WorkflowNames.child("ns", "p", "t", 0, null, 1));
        names.add(WorkflowNames.child("other", "p", "t", 0, null, 1));
        names.add(WorkflowNames.child("ns", "q", "t", 0, null, 1));
        names.add(WorkflowNames.child("ns", "p", "u", 0, null, 1));
        names.add(WorkflowNames.child("ns", "p", "t", 1, null, 1));
        names.add(WorkflowNames.child("ns", "p", "t", 0, 0, 1));
        names.add(WorkflowNames.child("ns", "p", "t", 0, 1, 1));
        names.add(WorkflowNames.child("ns", "p", "t", 0, null, 2));
        assertThat(names).hasSize(8);
    }

    @Test
    void longNamesAreCutToFitAJobNameAndStayValid() {
        String parent = "a".repeat(200) + ".x";
        String name = WorkflowNames.child("ns", parent, "Task_With_A_Very_Long_Name_" + "b".repeat(100), 3, 9999, 12);
        assertThat(name).hasSizeLessThanOrEqualTo(WorkflowNames.MAX).matches(Names.NAME_PATTERN);
        assertThat(WorkflowNames.child("ns", "-", "_", 0, null, 1)).matches(Names.NAME_PATTERN);
    }
}
