package io.squall.api.v1alpha1;

/** API group, version, category and the label keys shared by every Squall resource. */
public final class Names {
    public static final String GROUP = "squall.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** `kubectl get squall` lists every Squall resource. */
    public static final String CATEGORY = "squall";

    public static final String LABEL_RULE = "squall.io/rule";
    public static final String LABEL_ACTION = "squall.io/action";
    public static final String LABEL_TRIGGER_ID = "squall.io/trigger-id";
    public static final String LABEL_EXECUTION = "squall.io/execution";
    public static final String LABEL_SENSOR = "squall.io/sensor";
    /** On a workflow task's child Execution: the parent workflow Execution (label value form of its name). */
    public static final String LABEL_PARENT = "squall.io/parent";
    /** On a workflow task's child Execution: the task it runs. */
    public static final String LABEL_TASK = "squall.io/task";
    /** On a workflow task's child Execution: the parent's full name (a label value may be shortened). */
    public static final String ANNOTATION_PARENT = "squall.io/parent-execution";
    /** On every Execution one event caused (rules, workflow tasks, injected triggers): its trace tag, label value form. */
    public static final String LABEL_TRACE = "squall.io/trace";
    /** On a workflow task's child Execution: the outermost workflow Execution (label value form of its name). */
    public static final String LABEL_ROOT = "squall.io/root";

    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "squall";
    /** What a Squall-managed workload object is part of: {@link #COMPONENT_RUNNER} or {@link #COMPONENT_SENSOR}. */
    public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    /** Component of the Jobs and pods that run one execution attempt. */
    public static final String COMPONENT_RUNNER = "runner";
    /** Component of the objects a Sensor runs as (Deployment, pods, Service, ...). */
    public static final String COMPONENT_SENSOR = "sensor";
    /** Selects runner Jobs and pods (the operator's informers, and whatever plays the kubelet for them). */
    public static final String RUNNER_SELECTOR =
            LABEL_MANAGED_BY + "=" + MANAGED_BY + "," + LABEL_COMPONENT + "=" + COMPONENT_RUNNER;
    /** Selects every object a Sensor runs as. */
    public static final String SENSOR_SELECTOR =
            LABEL_MANAGED_BY + "=" + MANAGED_BY + "," + LABEL_COMPONENT + "=" + COMPONENT_SENSOR;

    /**
     * On an Execution created already failed (the rules engine could not render or check its parameters); the value
     * is the error. Its status is written Failed right after the create; the Execution lifecycle must never run such
     * an Execution, even if it sees it before that status write (it then writes the same Failed itself).
     */
    public static final String ENFORCEMENT_ERROR_ANNOTATION = "squall.io/enforcement-error";

    /** Condition type every reconciler maintains. */
    public static final String CONDITION_READY = "Ready";

    /** A Kubernetes object name: DNS-1123 subdomain. */
    public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
    /** A trigger type such as `core.webhook` or `newrelic.alert`. */
    public static final String TRIGGER_TYPE_PATTERN = "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$";

    /** Masked value shown wherever a secret parameter would appear. */
    public static final String MASK = "********";

    /**
     * The Secret (owned by the Execution) that holds the clear values of its secret parameters; the
     * Execution's spec.parameters shows them as {@link #MASK}. One key per parameter, value = its JSON.
     */
    public static String secretParametersName(String execution) {
        return execution + "-params";
    }

    private Names() {}
}
