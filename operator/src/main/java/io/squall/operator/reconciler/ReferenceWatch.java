package io.squall.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Workflow;
import io.squall.operator.validation.ReferenceLookup;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lets a reconciler depend on Actions and Workflows by name: informers on both kinds, plus an index of the
 * primary resources by the names they reference, so that creating, changing or deleting an Action
 * reconciles exactly the Rules (Workflows, Executions) that mention it — a Rule whose Action is applied
 * after it becomes Ready without polling.
 */
public final class ReferenceWatch {

    public static final String ACTIONS = "actions";
    public static final String WORKFLOWS = "workflows";
    private static final String ACTION_INDEX = "squall.io/referenced-actions";
    private static final String WORKFLOW_INDEX = "squall.io/referenced-workflows";

    private ReferenceWatch() {}

    /**
     * @param actionNames  the Action names a primary references (in its own namespace)
     * @param workflowNames the Workflow names a primary references
     */
    public static <P extends HasMetadata> List<EventSource<?, P>> eventSources(
            EventSourceContext<P> context,
            Function<P, Collection<String>> actionNames,
            Function<P, Collection<String>> workflowNames) {
        context.getPrimaryCache().addIndexer(ACTION_INDEX, primary -> keys(primary, actionNames));
        context.getPrimaryCache().addIndexer(WORKFLOW_INDEX, primary -> keys(primary, workflowNames));
        return List.of(
                informer(Action.class, ACTIONS, ACTION_INDEX, context),
                informer(Workflow.class, WORKFLOWS, WORKFLOW_INDEX, context));
    }

    /** Existence checks in one namespace, answered from the informers' caches. */
    public static <P extends HasMetadata> ReferenceLookup lookup(Context<P> context, String namespace) {
        return (kind, name) -> {
            ResourceID id = new ResourceID(name, namespace);
            return kind == ActionKind.Workflow
                    ? cache(context, Workflow.class, WORKFLOWS).get(id).isPresent()
                    : cache(context, Action.class, ACTIONS).get(id).isPresent();
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata, P extends HasMetadata> InformerEventSource<T, P> cache(
            Context<P> context, Class<T> type, String name) {
        return (InformerEventSource<T, P>) context.eventSourceRetriever().getEventSourceFor(type, name);
    }

    private static <T extends HasMetadata, P extends HasMetadata> InformerEventSource<T, P> informer(
            Class<T> type, String name, String index, EventSourceContext<P> context) {
        var configuration = InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
                .withName(name)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper((T target) -> context
                        .getPrimaryCache()
                        .byIndex(
                                index,
                                key(
                                        target.getMetadata().getNamespace(),
                                        target.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    private static <P extends HasMetadata> List<String> keys(P primary, Function<P, Collection<String>> names) {
        String namespace = primary.getMetadata().getNamespace();
        return names.apply(primary).stream()
                .map(name -> key(namespace, name))
                .distinct()
                .toList();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
