package io.squall.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.execution.ClusterView;
import io.squall.operator.execution.runner.RunnerInformers;
import io.squall.operator.validation.ReferenceLookup;
import io.squall.operator.workflow.WorkflowChildren;
import java.util.List;
import java.util.Optional;

/** The reconciler's caches: the Action informer of {@link ReferenceWatch} and the runner Job and Pod informers. */
public final class JosdkClusterView implements ClusterView {

    private final Context<Execution> context;
    private final String namespace;

    public JosdkClusterView(Context<Execution> context, Execution execution) {
        this.context = context;
        this.namespace = execution.getMetadata().getNamespace();
    }

    @Override
    public ReferenceLookup references() {
        return ReferenceWatch.lookup(context, namespace);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Action> action(String name) {
        var actions = (InformerEventSource<Action, Execution>)
                context.eventSourceRetriever().getEventSourceFor(Action.class, ReferenceWatch.ACTIONS);
        return actions.get(new ResourceID(name, namespace));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<io.squall.api.v1alpha1.Workflow> workflow(String name) {
        var workflows = (InformerEventSource<io.squall.api.v1alpha1.Workflow, Execution>) context.eventSourceRetriever()
                .getEventSourceFor(io.squall.api.v1alpha1.Workflow.class, ReferenceWatch.WORKFLOWS);
        return workflows.get(new ResourceID(name, namespace));
    }

    @Override
    public List<Execution> children(Execution parent) {
        return context.getSecondaryResources(Execution.class).stream()
                .filter(child -> WorkflowChildren.isChildOf(child, parent))
                .toList();
    }

    @Override
    public List<Execution> executionsOf(String actionName) {
        return context.getPrimaryCache()
                .list(
                        namespace,
                        e -> e.getSpec() != null
                                && e.getSpec().action != null
                                && actionName.equals(e.getSpec().action.name)
                                && (e.getSpec().action.kind == null
                                        || e.getSpec().action.kind == io.squall.api.v1alpha1.ActionKind.Action))
                .toList();
    }

    @Override
    public Optional<Job> job(String name) {
        return context.getSecondaryResources(Job.class).stream()
                .filter(job -> job.getMetadata().getName().equals(name))
                .findFirst();
    }

    @Override
    public List<Pod> pods(String jobName) {
        return context.getSecondaryResources(Pod.class).stream()
                .filter(pod -> RunnerInformers.belongsToJob(pod, jobName))
                .toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void jobCreated(Execution execution, Job job) {
        var jobs = (InformerEventSource<Job, Execution>)
                context.eventSourceRetriever().getEventSourceFor(Job.class, RunnerInformers.JOBS);
        jobs.handleRecentResourceCreate(ResourceID.fromResource(execution), job);
    }
}
