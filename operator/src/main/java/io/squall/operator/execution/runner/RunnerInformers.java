package io.squall.operator.execution.runner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.squall.api.v1alpha1.Execution;
import java.util.List;
import java.util.Set;

/**
 * The Execution controller's secondary resources: runner Jobs and their pods (selected by the runner labels),
 * each mapped back to its Execution by the annotation carrying its full name. A Job or pod that changes
 * (starts, fails, is deleted) reconciles its Execution at once; after an operator restart the informers list
 * them all, so a Job that finished meanwhile is noticed.
 */
public final class RunnerInformers {

    public static final String JOBS = "runner-jobs";
    public static final String PODS = "runner-pods";

    private RunnerInformers() {}

    public static List<EventSource<?, Execution>> eventSources(EventSourceContext<Execution> context) {
        return List.of(informer(Job.class, JOBS, context), informer(Pod.class, PODS, context));
    }

    /** Whether a pod was created by the Job (the Job controller sets itself as the pod's controller owner). */
    public static boolean belongsToJob(Pod pod, String jobName) {
        return pod.getMetadata().getOwnerReferences() != null
                && pod.getMetadata().getOwnerReferences().stream()
                        .anyMatch(owner -> "Job".equals(owner.getKind()) && jobName.equals(owner.getName()));
    }

    private static <R extends HasMetadata> InformerEventSource<R, Execution> informer(
            Class<R> type, String name, EventSourceContext<Execution> context) {
        var configuration = InformerEventSourceConfiguration.from(type, Execution.class)
                .withName(name)
                .withNamespacesInheritedFromController()
                .withLabelSelector(RunnerNames.RUNNER_SELECTOR)
                .withSecondaryToPrimaryMapper((R resource) -> {
                    var annotations = resource.getMetadata().getAnnotations();
                    String execution = annotations == null ? null : annotations.get(RunnerNames.ANNOTATION_EXECUTION);
                    return execution == null
                            ? Set.of()
                            : Set.of(new ResourceID(
                                    execution, resource.getMetadata().getNamespace()));
                })
                .build();
        return new InformerEventSource<>(configuration, context);
    }
}
