package io.squall.operator.validation;

/** Reasons of the Ready condition. Kubernetes convention: CamelCase, stable, machine-readable. */
public final class Reasons {
    public static final String VALID = "Valid";
    public static final String ACTION_NOT_FOUND = "ActionNotFound";
    public static final String INVALID_CRITERIA = "InvalidCriteria";
    public static final String INVALID_TRIGGER = "InvalidTrigger";
    public static final String INVALID_PARAMETER = "InvalidParameter";
    public static final String MISSING_RUNNER_FIELD = "MissingRunnerField";
    public static final String NO_START_TASK = "NoStartTask";
    public static final String UNKNOWN_TASK = "UnknownTask";
    public static final String MISSING_SENSOR_CONFIG = "MissingSensorConfig";
    public static final String MISSING_SECRET_REF = "MissingSecretRef";
    public static final String MISSING_FIELD = "MissingField";
    public static final String INVALID_WORKFLOW = "InvalidWorkflow";
    /** A valid Execution of a kind of target this operator cannot run (a Workflow, before the workflow engine). */
    public static final String UNSUPPORTED = "Unsupported";
    /** A valid Execution of an Action whose runner type the cluster's runner image does not run. */
    public static final String RUNNER_UNAVAILABLE = "RunnerUnavailable";

    private Reasons() {}
}
