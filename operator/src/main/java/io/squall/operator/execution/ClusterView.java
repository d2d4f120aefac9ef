package io.squall.operator.execution;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.validation.ReferenceLookup;

/**
 * What the lifecycle reads from the reconciler's informer caches (and tells them about its own writes, so the
 * next reconcile does not act on a stale copy). {@link JosdkClusterView} is the operator's implementation.
 */
public interface ClusterView {

    ReferenceLookup references();

    Optional<Action> action(String name);

    /** The Job from the cache; may lag behind a Job just created (the lifecycle then asks the API server). */
    Optional<Job> job(String name);

    /** The pods of a Job. */
    List<Pod> pods(String jobName);

    void jobCreated(Execution execution, Job job);

    void statusWritten(Execution previous, Execution written);
}
