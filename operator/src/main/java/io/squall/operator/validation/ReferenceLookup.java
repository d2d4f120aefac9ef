package io.squall.operator.validation;

import io.squall.api.v1alpha1.ActionKind;

/** Answers whether an Action or Workflow of a given name exists in the namespace being validated. */
@FunctionalInterface
public interface ReferenceLookup {

    boolean exists(ActionKind kind, String name);

    /** Workflow tasks may run either kind. */
    default boolean existsAsActionOrWorkflow(String name) {
        return exists(ActionKind.Action, name) || exists(ActionKind.Workflow, name);
    }
}
