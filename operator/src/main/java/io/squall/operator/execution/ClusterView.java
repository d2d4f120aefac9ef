package io.squall.operator.execution;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.validation.ReferenceLookup;
import java.util.List;
import java.util.Optional;

/**
 * What the lifecycle reads from the reconciler's informer caches. {@code reconciler.JosdkClusterView} is the operator's
 * implementation. Status writes are not announced to the Execution cache on purpose: their watch events must
 * reconcile again (a finished execution publishes its trigger, a failed attempt may start the next one), and
 * JOSDK drops the event of a write it was told about.
 */
public interface ClusterView {

    ReferenceLookup references();

    Optional<Action> action(String name);

    /** The Workflow of that name in the execution's namespace, from the cache. */
    Optional<io.squall.api.v1alpha1.Workflow> workflow(String name);

    /** The child Executions of a workflow Execution (its task instances), from the cache; may lag behind a create. */
    List<Execution> children(Execution parent);

    /** The Executions of an Action in the execution's namespace, from the cache (a concurrency policy counts them). */
    List<Execution> executionsOf(String actionName);

    /** The Job from the cache; may lag behind a Job just created (the lifecycle then asks the API server). */
    Optional<Job> job(String name);

    /** The pods of a Job. */
    List<Pod> pods(String jobName);

    void jobCreated(Execution execution, Job job);
}
