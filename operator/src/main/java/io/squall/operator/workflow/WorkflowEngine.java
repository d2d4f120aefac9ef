package io.squall.operator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.nats.client.JetStreamApiException;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.ExecutionTarget;
import io.squall.api.v1alpha1.LabelValues;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.TaskState;
import io.squall.api.v1alpha1.Workflow;
import io.squall.api.v1alpha1.WorkflowError;
import io.squall.engine.params.ParameterException;
import io.squall.engine.params.ParameterResolver;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateException;
import io.squall.engine.template.TemplateRenderer;
import io.squall.engine.workflow.ConductorSnapshot;
import io.squall.engine.workflow.Event;
import io.squall.engine.workflow.Statuses;
import io.squall.engine.workflow.TaskInstance;
import io.squall.engine.workflow.WorkflowConductor;
import io.squall.engine.workflow.WorkflowException;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.operator.ApiErrors;
import io.squall.operator.Audit;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.datastore.ThreadKvLookup;
import io.squall.operator.execution.ClusterView;
import io.squall.operator.execution.Conditions;
import io.squall.operator.execution.Durations;
import io.squall.operator.execution.ExecutionCreator;
import io.squall.operator.execution.ExecutionEvents;
import io.squall.operator.execution.ExecutionTransitions;
import io.squall.operator.execution.ExecutionTransitions.Transition;
import io.squall.operator.execution.SecretParameters;
import io.squall.operator.execution.result.ResultStore;
import io.squall.operator.execution.result.ResultTruncator;
import io.squall.operator.nats.NatsUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Conducts a workflow Execution: the engine's {@link WorkflowConductor} fed with the outcomes of the child
 * Executions, each task instance (item, retry) one child Execution. One reconcile is one step, level-based:
 * <ol>
 * <li>read the run from {@link WorkflowRunStore} (or start one: the inputs from the Execution's parameters with the
 * Workflow's {@code parameters}, as for an action);</li>
 * <li>apply {@code spec.cancel} / {@code spec.pause} (cancel sets {@code spec.cancel} on every running child);</li>
 * <li>until nothing changes: every child that has finished is an event to the conductor (a child that vanished is
 * a failure), then every task instance the conductor hands out becomes a child Execution (a task without an action
 * completes at once; a delayed one waits on a timer, never a thread);</li>
 * <li>write the run (revision-guarded), then the bounded status summary.</li>
 * </ol>
 * Children are created before the run is written, under names derived from (parent, task, route, item, attempt):
 * a step repeated after a crash names the same children, finds them (409) and goes on from what they show.
 */
@ApplicationScoped
public class WorkflowEngine {

    private static final Logger LOG = Logger.getLogger(WorkflowEngine.class);
    private static final Logger AUDIT = Audit.LOG;
    /** Task instances shown in the status (the latest ones). */
    static final int MAX_STATUS_TASKS = 100;
    /** Task summaries kept in the run. */
    static final int MAX_RUN_TASKS = 1000;

    static final int MAX_STATUS_ERRORS = 20;
    static final int MAX_ERROR_MESSAGE = 1024;

    private final KubernetesClient client;
    private final WorkflowRunStore store;
    private final WorkflowStatusWrites statusWrites;
    private final ExecutionEvents events;
    private final ExecutionCreator creator;
    private final ResultStore results;
    private final SquallConfig config;
    private final Clock clock;
    private final TemplateRenderer renderer;
    /** Reads the datastore of the workflow conducted on the calling thread (bound in {@link #reconcile}). */
    private final Expressions expressions = Expressions.standard(ThreadKvLookup.INSTANCE);

    private final OperatorDatastore datastore;

    public WorkflowEngine(
            KubernetesClient client,
            WorkflowRunStore store,
            WorkflowStatusWrites statusWrites,
            ExecutionEvents events,
            ExecutionCreator creator,
            ResultStore results,
            SquallConfig config,
            Clock clock,
            OperatorDatastore datastore,
            TemplateRenderer renderer) {
        this.client = client;
        this.renderer = renderer;
        this.datastore = datastore;
        this.creator = creator;
        this.store = store;
        this.statusWrites = statusWrites;
        this.events = events;
        this.results = results;
        this.config = config;
        this.clock = clock;
    }

    public UpdateControl<Execution> reconcile(Execution execution, Optional<Workflow> workflow, ClusterView view) {
        KvLookup kv = datastore.lookup(execution.getMetadata().getNamespace(), context(execution).user);
        return ThreadKvLookup.with(kv, () -> conduct(execution, workflow, view));
    }

    private UpdateControl<Execution> conduct(Execution execution, Optional<Workflow> workflow, ClusterView view) {
        String namespace = execution.getMetadata().getNamespace();
        String name = execution.getMetadata().getName();
        try {
            Optional<WorkflowRunStore.Stored> stored = store.read(namespace, name);
            WorkflowRun run;
            WorkflowConductor conductor;
            if (stored.isPresent()) {
                run = stored.get().run();
                conductor = WorkflowConductor.restore(ConductorSnapshot.fromJson(run.conductor), expressions);
            } else {
                if (!ExecutionTransitions.isRequested(execution.getStatus())) {
                    return fail(
                            execution,
                            "the state of this workflow is gone from the JetStream bucket " + WorkflowRunStore.BUCKET
                                    + " (deleted, or NATS lost its storage): it cannot go on");
                }
                if (workflow.isEmpty()) {
                    // valid, so it exists, but the cache does not hold it yet: its event reconciles again
                    return UpdateControl.noUpdate();
                }
                if (execution.getSpec().rerun != null) {
                    Optional<WorkflowRun> rerun;
                    try {
                        rerun = WorkflowReruns.start(execution, store, expressions);
                    } catch (WorkflowReruns.RerunException e) {
                        return fail(execution, e.getMessage());
                    }
                    if (rerun.isEmpty()) {
                        return UpdateControl.noUpdate();
                    }
                    run = rerun.get();
                    conductor = WorkflowConductor.restore(ConductorSnapshot.fromJson(run.conductor), expressions);
                    AUDIT.infof(
                            "workflow=%s/%s rule=%s trigger=%s parent=%s started: re-run of %s from tasks %s",
                            namespace,
                            name,
                            context(execution).rule,
                            context(execution).triggerId,
                            context(execution).parentExecution,
                            execution.getSpec().rerun.execution,
                            execution.getSpec().rerun.tasks == null ? "that failed" : execution.getSpec().rerun.tasks);
                } else {
                    try {
                        Map<String, Object> inputs = inputs(execution, workflow.get());
                        conductor = new WorkflowConductor(
                                WorkflowGraph.orquesta(workflow.get().getSpec()),
                                expressions,
                                inputs,
                                WorkflowRuntimeContext.of(execution));
                        conductor.requestWorkflowStatus(Statuses.RUNNING);
                    } catch (ParameterException | TemplateException e) {
                        return fail(execution, "spec.parameters: " + e.getMessage());
                    } catch (WorkflowException e) {
                        return fail(execution, "Workflow " + execution.getSpec().action.name + ": " + e.getMessage());
                    }
                    run = new WorkflowRun();
                    run.workflow = execution.getSpec().action.name;
                    AUDIT.infof(
                            "workflow=%s/%s rule=%s trigger=%s parent=%s started",
                            namespace,
                            name,
                            context(execution).rule,
                            context(execution).triggerId,
                            context(execution).parentExecution);
                }
            }
            Step step = new Step(execution, view, run, conductor);
            step.control();
            step.advance();
            step.settle();
            run.conductor = conductor.snapshot().toJson();
            store.write(namespace, name, run, stored.orElse(null));
            // kept when finished, for a re-run from its tasks; the history sweeper removes it with the Execution
            writeStatus(execution, conductor, run);
            return step.wakeAt == null
                    ? UpdateControl.noUpdate()
                    : UpdateControl.<Execution>noUpdate()
                            .rescheduleAfter(Duration.between(clock.instant(), step.wakeAt)
                                    .plusMillis(5));
        } catch (IOException | JetStreamApiException | NatsUnavailableException e) {
            Duration again = config.nats().retryInterval();
            LOG.warnf(
                    "Workflow Execution %s/%s: its state in %s cannot be read or written (%s); trying again in %ss",
                    namespace, name, WorkflowRunStore.BUCKET, e.getMessage(), again.toSeconds());
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(again);
        }
    }

    /** One step of one workflow. */
    private final class Step {
        final Execution parent;
        final ClusterView view;
        final WorkflowRun run;
        final WorkflowConductor conductor;
        /** Children as this step knows them: the cache, plus what a create answered. */
        final Map<String, Execution> children = new HashMap<>();
        /** Children created by this step: the cache has not seen them, they have not finished. */
        final java.util.Set<String> created = new java.util.HashSet<>();

        Instant wakeAt;

        Step(Execution parent, ClusterView view, WorkflowRun run, WorkflowConductor conductor) {
            this.parent = parent;
            this.view = view;
            this.run = run;
            this.conductor = conductor;
            view.children(parent)
                    .forEach(child -> children.put(child.getMetadata().getName(), child));
        }

        void control() {
            String status = conductor.getWorkflowStatus();
            boolean cancel = Boolean.TRUE.equals(parent.getSpec().cancel);
            boolean pause = Boolean.TRUE.equals(parent.getSpec().pause);
            if (cancel && !conductor.isCompleted() && !Statuses.CANCEL.contains(status)) {
                conductor.requestWorkflowStatus(Statuses.CANCELING);
                run.cancelApplied = true;
                audit("canceling (spec.cancel)");
            } else if (!cancel && pause && !Boolean.TRUE.equals(run.pauseApplied)) {
                // applied once per change of the flag: a workflow paused by its paused sub-workflow is not
                // resumed just because its own spec.pause is unset
                run.pauseApplied = true;
                if (Statuses.RUNNING_STATUSES.contains(status)) {
                    conductor.requestWorkflowStatus(Statuses.PAUSING);
                    audit("pausing (spec.pause)");
                }
                pauseSubWorkflows(true);
            } else if (!cancel && !pause && Boolean.TRUE.equals(run.pauseApplied)) {
                run.pauseApplied = false;
                if (Statuses.PAUSE.contains(status)) {
                    conductor.requestWorkflowStatus(Statuses.RESUMING);
                    audit("resuming (spec.pause unset)");
                }
                pauseSubWorkflows(false);
            }
        }

        /** Pause and resume cascade down to running sub-workflows, as in StackStorm (never up: see report). */
        private void pauseSubWorkflows(boolean pause) {
            for (String childName : run.running.keySet()) {
                Execution child = children.get(childName);
                if (child == null
                        || child.getSpec().action.kind != ActionKind.Workflow
                        || ExecutionTransitions.isFinal(child.getStatus())
                        || pause == Boolean.TRUE.equals(child.getSpec().pause)) {
                    continue;
                }
                try {
                    client.resources(Execution.class)
                            .inNamespace(parent.getMetadata().getNamespace())
                            .withName(childName)
                            .edit(e -> {
                                e.getSpec().pause = pause ? Boolean.TRUE : null;
                                return e;
                            });
                } catch (KubernetesClientException e) {
                    if (e.getCode() != ApiErrors.NOT_FOUND) {
                        throw e;
                    }
                    // gone: reported as failed by the next step
                }
            }
        }

        void advance() throws IOException, JetStreamApiException {
            boolean moved = true;
            for (int round = 0; moved; round++) {
                if (round > 100_000) {
                    throw new IllegalStateException("workflow "
                            + parent.getMetadata().getName() + " did not settle in 100000 rounds of one step");
                }
                moved = applyFinishedChildren();
                moved |= dispatch();
            }
            if (Statuses.CANCEL.contains(conductor.getWorkflowStatus())) {
                cancelRunningChildren();
            }
        }

        /** A pausing or canceling workflow with nothing active any more is paused or canceled. */
        void settle() {
            boolean active =
                    !conductor.workflowState().tasksByStatus(Statuses.ACTIVE).isEmpty();
            String status = conductor.getWorkflowStatus();
            if (!active && Statuses.PAUSING.equals(status)) {
                conductor.requestWorkflowStatus(Statuses.PAUSED);
            } else if (!active && Statuses.CANCELING.equals(status)) {
                conductor.requestWorkflowStatus(Statuses.CANCELED);
            }
            if (conductor.isCompleted() && conductor.getWorkflowOutput() == null) {
                conductor.renderWorkflowOutput();
            }
        }

        boolean applyFinishedChildren() throws IOException, JetStreamApiException {
            boolean moved = false;
            for (String childName : new ArrayList<>(run.running.keySet())) {
                if (created.contains(childName)) {
                    continue;
                }
                WorkflowRun.Child record = run.running.get(childName);
                Execution child = children.get(childName);
                if (child == null) {
                    child = client.resources(Execution.class)
                            .inNamespace(parent.getMetadata().getNamespace())
                            .withName(childName)
                            .get();
                }
                String status;
                Object result;
                if (child == null) {
                    status = Statuses.FAILED;
                    result = Map.of("error", "child Execution " + childName + " was deleted before it finished");
                } else if (ExecutionTransitions.isFinal(child.getStatus())) {
                    status = orquestaStatus(child.getStatus().phase);
                    result = result(child);
                    resumeAfterInquiry(record);
                } else {
                    moved |= reportPaused(record, childName, child);
                    continue;
                }
                run.running.remove(childName);
                report(record, childName, status, result);
                moved = true;
            }
            return moved;
        }

        /**
         * A sub-workflow that paused pauses its task, and the workflow once nothing else is active (Orquesta's
         * task_paused_workflow_dormant); running again, it resumes them.
         */
        private boolean reportPaused(WorkflowRun.Child record, String childName, Execution child) {
            ExecutionPhase phase = child.getStatus() == null ? null : child.getStatus().phase;
            String now;
            if (phase == ExecutionPhase.Pending && !Statuses.PENDING.equals(record.reported)) {
                // an inquiry (core-ask) waits for a person: its task is pending, the workflow pauses (Orquesta)
                record.reported = Statuses.PENDING;
                summarize(
                        summary(record.task, record.route),
                        conductor.updateTaskState(
                                record.task,
                                record.route,
                                record.item == null
                                        ? Event.action(Statuses.PENDING, null)
                                        : Event.item(record.item, Statuses.PENDING, null, null)));
                audit("task " + record.task + " route " + record.route + " execution " + childName
                        + " pending (an inquiry waits for its response)");
                return true;
            } else if (phase == ExecutionPhase.Paused && !Statuses.PAUSED.equals(record.reported)) {
                now = Statuses.PAUSED;
            } else if (Statuses.PAUSED.equals(record.reported)
                    && phase != ExecutionPhase.Paused
                    && phase != ExecutionPhase.Pausing) {
                now = Statuses.RUNNING;
            } else {
                return false;
            }
            record.reported = Statuses.PAUSED.equals(now) ? now : null;
            conductor.updateTaskState(
                    record.task,
                    record.route,
                    record.item == null ? Event.action(now, null) : Event.item(record.item, now, null, null));
            audit("task " + record.task + " route " + record.route + (record.item == null ? "" : " item " + record.item)
                    + " execution " + childName + " " + now);
            return true;
        }

        /**
         * An inquiry was answered (or expired): the workflow its pending task paused resumes first, as StackStorm's
         * inquirer asks it to, unless a person paused it (spec.pause) meanwhile.
         */
        private void resumeAfterInquiry(WorkflowRun.Child record) {
            if (Statuses.PENDING.equals(record.reported)
                    && !Boolean.TRUE.equals(parent.getSpec().pause)
                    && Statuses.PAUSE.contains(conductor.getWorkflowStatus())) {
                conductor.requestWorkflowStatus(Statuses.RESUMING);
                audit("resuming: the inquiry of task " + record.task + " was answered");
            }
        }

        private Object result(Execution child) throws IOException, JetStreamApiException {
            ExecutionStatus status = child.getStatus();
            JsonNode whole = Boolean.TRUE.equals(status.resultTruncated) && status.resultRef != null
                    ? results.fetch(status.resultRef)
                    : status.result;
            if (whole == null && status.error != null) {
                return Map.of("error", status.error);
            }
            return whole == null ? null : Json.mapper().convertValue(whole, Object.class);
        }

        private void report(WorkflowRun.Child record, String childName, String status, Object result) {
            io.squall.engine.workflow.state.TaskState entry;
            WorkflowRun.TaskSummary summary = summary(record.task, record.route);
            if (record.item == null) {
                entry = conductor.updateTaskState(record.task, record.route, Event.action(status, result));
            } else {
                List<Object> accumulated = run.itemResults.computeIfAbsent(
                        WorkflowRun.key(record.task, record.route), k -> new ArrayList<>());
                while (accumulated.size() <= record.item) {
                    accumulated.add(null);
                }
                accumulated.set(record.item, result);
                summary.itemsDone = (summary.itemsDone == null ? 0 : summary.itemsDone) + 1;
                entry = conductor.updateTaskState(
                        record.task,
                        record.route,
                        Event.item(record.item, status, result, new ArrayList<>(accumulated)));
            }
            summarize(summary, entry);
            audit("task " + record.task + " route " + record.route + (record.item == null ? "" : " item " + record.item)
                    + " execution " + childName + " " + status);
            if (entry != null && Statuses.ABENDED.contains(Statuses.orUnset(entry.status))) {
                events.record(
                        parent,
                        new Transition(
                                "Warning",
                                "TaskFailed",
                                "task " + record.task + " (route " + record.route + ") " + entry.status
                                        + ": child Execution " + childName + " " + status));
            }
        }

        boolean dispatch() {
            List<TaskInstance> next = conductor.getNextTasks();
            boolean moved = false;
            Instant now = clock.instant();
            for (TaskInstance task : next) {
                String taskKey = WorkflowRun.key(task.id(), task.route());
                boolean started = run.itemResults.containsKey(taskKey)
                        || run.running.values().stream()
                                .anyMatch(c -> c.task.equals(task.id()) && c.route == task.route());
                if (task.delay() != null && task.delay() > 0 && !started) {
                    Instant until = Instant.parse(run.delayedUntil.computeIfAbsent(
                            taskKey, k -> now.plusSeconds(task.delay()).toString()));
                    if (now.isBefore(until)) {
                        wakeAt = wakeAt == null || until.isBefore(wakeAt) ? until : wakeAt;
                        continue;
                    }
                }
                run.delayedUntil.remove(taskKey);
                WorkflowRun.TaskSummary summary = summary(task.id(), task.route());
                if (task.hasItems()) {
                    summary.items = task.itemsCount();
                }
                if (task.hasItems() && task.itemsCount() == 0) {
                    conductor.updateTaskState(task.id(), task.route(), Event.action(Statuses.RUNNING, null));
                    summarize(
                            summary,
                            conductor.updateTaskState(
                                    task.id(), task.route(), Event.action(Statuses.SUCCEEDED, List.of())));
                    moved = true;
                    continue;
                }
                for (TaskInstance.ActionSpec action : task.actions()) {
                    start(task, action, summary);
                    moved = true;
                }
            }
            return moved;
        }

        private void start(TaskInstance task, TaskInstance.ActionSpec action, WorkflowRun.TaskSummary summary) {
            Integer item = action.itemId();
            Event running = item == null
                    ? Event.action(Statuses.RUNNING, null)
                    : Event.item(item, Statuses.RUNNING, null, null);
            if (action.action() == null) {
                // a task without an action only routes: it is done as soon as it starts
                conductor.updateTaskState(task.id(), task.route(), running);
                summarize(
                        summary,
                        conductor.updateTaskState(
                                task.id(),
                                task.route(),
                                item == null
                                        ? Event.action(Statuses.SUCCEEDED, null)
                                        : Event.item(item, Statuses.SUCCEEDED, null, null)));
                return;
            }
            String target = String.valueOf(action.action());
            ActionKind kind = view.action(target).isPresent()
                    ? ActionKind.Action
                    : view.workflow(target).isPresent() ? ActionKind.Workflow : null;
            if (kind == null) {
                conductor.updateTaskState(task.id(), task.route(), running);
                summarize(
                        summary,
                        conductor.updateTaskState(
                                task.id(),
                                task.route(),
                                Event.action(
                                        Statuses.FAILED,
                                        Map.of(
                                                "error",
                                                "tasks." + task.id() + ".action: no Action or Workflow \"" + target
                                                        + "\" in namespace \""
                                                        + parent.getMetadata().getNamespace() + "\""))));
                return;
            }
            String dispatchKey = WorkflowRun.key(task.id(), task.route(), item);
            int attempt = run.dispatches.merge(dispatchKey, 1, Integer::sum);
            String childName = WorkflowNames.child(
                    parent.getMetadata().getNamespace(),
                    parent.getMetadata().getName(),
                    task.id(),
                    task.route(),
                    item,
                    attempt);
            Execution draft = childDraft(childName, task, item, attempt, kind, target, action.input());
            Secret secret = kind == ActionKind.Action
                    ? secretParameters(draft, view.action(target).get())
                    : null;
            Execution child = creator.create(draft, secret, existing -> WorkflowChildren.isChildOf(existing, parent))
                    .execution();
            if (child == null) {
                throw new IllegalStateException("child Execution " + childName + " answered 409 and then was gone: "
                        + "a namesake being deleted; retrying");
            }
            children.put(childName, child);
            if (!ExecutionTransitions.isFinal(child.getStatus())) {
                created.add(childName);
            }
            run.running.put(childName, new WorkflowRun.Child(task.id(), task.route(), item, attempt));
            summary.execution = childName;
            summary.attempts++;
            summarize(summary, conductor.updateTaskState(task.id(), task.route(), running));
            audit("task " + task.id() + " route " + task.route() + (item == null ? "" : " item " + item) + " execution "
                    + childName + " created (attempt " + attempt + ")");
        }

        private Execution childDraft(
                String childName,
                TaskInstance task,
                Integer item,
                int attempt,
                ActionKind kind,
                String target,
                Object input) {
            Execution child = new Execution();
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(Names.LABEL_PARENT, LabelValues.of(parent.getMetadata().getName()));
            labels.put(Names.LABEL_TASK, LabelValues.of(task.id()));
            labels.put(Names.LABEL_ACTION, LabelValues.of(target));
            labels.put(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
            var parentLabels = parent.getMetadata().getLabels();
            if (parentLabels != null) {
                for (String key : List.of(Names.LABEL_RULE, Names.LABEL_TRIGGER_ID, Names.LABEL_TRACE)) {
                    if (parentLabels.containsKey(key)) {
                        labels.put(key, parentLabels.get(key));
                    }
                }
            }
            String root = context(parent).rootExecution != null
                    ? context(parent).rootExecution
                    : parent.getMetadata().getName();
            labels.put(Names.LABEL_ROOT, LabelValues.of(root));
            child.setMetadata(new ObjectMetaBuilder()
                    .withName(childName)
                    .withNamespace(parent.getMetadata().getNamespace())
                    .withLabels(labels)
                    .addToAnnotations(
                            Names.ANNOTATION_PARENT, parent.getMetadata().getName())
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion(Names.API_VERSION)
                            .withKind("Execution")
                            .withName(parent.getMetadata().getName())
                            .withUid(parent.getMetadata().getUid())
                            .withController(true)
                            .withBlockOwnerDeletion(false)
                            .build())
                    .build());
            ExecutionSpec spec = new ExecutionSpec();
            spec.action = new ExecutionTarget();
            spec.action.kind = kind;
            spec.action.name = target;
            // the task input as the conductor rendered it: data from here on, never rendered again
            spec.parameters = parameters(input, task.id());
            ExecutionContext context = new ExecutionContext();
            ExecutionContext from = context(parent);
            context.rule = from.rule;
            context.triggerId = from.triggerId;
            context.triggerType = from.triggerType;
            context.traceTag = from.traceTag;
            context.user = from.user; // a task runs as its workflow's user (the datastore's user scope)
            context.parentExecution = parent.getMetadata().getName();
            context.rootExecution = root;
            context.parentTask = task.id();
            context.taskRoute = task.route();
            context.itemId = item;
            context.taskAttempt = attempt;
            spec.context = context;
            child.setSpec(spec);
            return child;
        }

        /**
         * The values of the Action's secret parameters move to the child's parameter Secret (as the rules engine
         * does), the child's spec shows {@value Names#MASK}; null when there are none.
         */
        private Secret secretParameters(Execution draft, Action action) {
            Secret secret = SecretParameters.of(
                    draft.getMetadata().getNamespace(),
                    draft.getMetadata().getName(),
                    draft.getSpec().parameters,
                    action.getSpec().parameters);
            if (secret != null) {
                secret.getData()
                        .keySet()
                        .forEach(parameter -> draft.getSpec()
                                .parameters
                                .put(parameter, JsonNodeFactory.instance.textNode(Names.MASK)));
            }
            return secret;
        }

        void cancelRunningChildren() {
            for (String childName : run.running.keySet()) {
                Execution child = children.get(childName);
                if (child != null
                        && (ExecutionTransitions.isFinal(child.getStatus())
                                || Boolean.TRUE.equals(child.getSpec().cancel))) {
                    continue;
                }
                try {
                    client.resources(Execution.class)
                            .inNamespace(parent.getMetadata().getNamespace())
                            .withName(childName)
                            .edit(e -> {
                                e.getSpec().cancel = true;
                                return e;
                            });
                } catch (KubernetesClientException e) {
                    if (e.getCode() != ApiErrors.NOT_FOUND) {
                        throw e;
                    }
                    // gone: reported as failed by the next step
                }
            }
        }

        private WorkflowRun.TaskSummary summary(String task, int route) {
            for (int i = run.tasks.size() - 1; i >= 0; i--) {
                WorkflowRun.TaskSummary s = run.tasks.get(i);
                if (s.name.equals(task) && s.route == route) {
                    if (s.endTime == null) {
                        return s;
                    }
                    break;
                }
            }
            WorkflowRun.TaskSummary s = new WorkflowRun.TaskSummary();
            s.name = task;
            s.route = route;
            s.startTime = ExecutionTransitions.timestamp(clock.instant());
            run.tasks.add(s);
            if (run.tasks.size() > MAX_RUN_TASKS) {
                run.tasks.stream().filter(t -> t.endTime != null).findFirst().ifPresent(run.tasks::remove);
            }
            return s;
        }

        private void summarize(WorkflowRun.TaskSummary summary, io.squall.engine.workflow.state.TaskState entry) {
            if (entry == null) {
                return;
            }
            summary.status = entry.status;
            if (entry.status != null && Statuses.COMPLETED.contains(entry.status)) {
                summary.endTime = ExecutionTransitions.timestamp(clock.instant());
                if (Statuses.SUCCEEDED.equals(entry.status)) {
                    // the items of a task that did not succeed stay, for a re-run of only its failed items
                    run.itemResults.remove(WorkflowRun.key(summary.name, summary.route));
                }
            }
        }

        private void audit(String what) {
            ExecutionContext context = context(parent);
            AUDIT.infof(
                    "workflow=%s/%s rule=%s trigger=%s parent=%s %s",
                    parent.getMetadata().getNamespace(),
                    parent.getMetadata().getName(),
                    context.rule,
                    context.triggerId,
                    context.parentExecution,
                    what);
        }
    }

    /**
     * The inputs: the Execution's parameters, resolved with the Workflow's {@code parameters} as an action's would be
     * (defaults, casts, checks; by hand only, the rules engine resolved its own), or as given when it declares none.
     */
    private Map<String, Object> inputs(Execution execution, Workflow workflow) {
        Map<String, JsonNode> given = execution.getSpec().parameters == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(execution.getSpec().parameters);
        Map<String, ParameterSpec> declared =
                workflow.getSpec().parameters == null ? Map.of() : workflow.getSpec().parameters;
        ExecutionContext context = execution.getSpec().context;
        boolean byHand = context == null || context.rule == null && context.parentExecution == null;
        Map<String, JsonNode> resolved;
        if (workflow.getSpec().parameters == null) {
            // no parameters declared: the Execution's parameters are the workflow's input as given (Orquesta's
            // input list names them and gives the defaults)
            resolved = given;
        } else if (byHand) {
            resolved = new ParameterResolver(renderer, ThreadKvLookup.INSTANCE).resolve(given, declared, Map.of());
        } else {
            // a rule or a parent workflow rendered them already: data, never rendered again
            resolved = new LinkedHashMap<>(given);
            declared.forEach((name, spec) -> {
                if (!resolved.containsKey(name) && spec != null && spec.defaultValue != null) {
                    resolved.put(name, spec.defaultValue);
                }
            });
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        resolved.forEach((name, value) ->
                inputs.put(name, value == null ? null : Json.mapper().convertValue(value, Object.class)));
        return inputs;
    }

    private static Map<String, JsonNode> parameters(Object input, String task) {
        if (input == null) {
            return new LinkedHashMap<>();
        }
        if (!(input instanceof Map<?, ?> map)) {
            throw new IllegalStateException("tasks." + task + ".input rendered to a "
                    + input.getClass().getSimpleName() + ", not a mapping of parameters");
        }
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        map.forEach((k, v) -> parameters.put(String.valueOf(k), Json.mapper().valueToTree(v)));
        return parameters;
    }

    private UpdateControl<Execution> fail(Execution execution, String error) {
        Instant now = clock.instant();
        write(execution, copy -> ExecutionTransitions.failedToStart(copy, error, now));
        return UpdateControl.noUpdate();
    }

    private void writeStatus(Execution execution, WorkflowConductor conductor, WorkflowRun run) {
        Instant now = clock.instant();
        ExecutionPhase phase = phase(conductor.getWorkflowStatus());
        int total = conductor.spec().tasks().size();
        // the latest instance of each task on each route (a retry or a re-run adds one) counts once
        Map<String, WorkflowRun.TaskSummary> latest = new LinkedHashMap<>();
        run.tasks.forEach(t -> latest.put(WorkflowRun.key(t.name, t.route), t));
        long done = latest.values().stream().filter(t -> t.endTime != null).count();
        JsonNode output = conductor.isCompleted() && conductor.getWorkflowOutput() != null
                ? ResultTruncator.truncate(
                        Json.mapper().valueToTree(conductor.getWorkflowOutput()),
                        config.executions().resultMaxBytes())
                : null;
        List<WorkflowError> errors = errors(conductor);
        List<TaskState> tasks = tasks(run);
        String workflowStatus = conductor.getWorkflowStatus();
        java.util.function.Function<Execution, Optional<Transition>> change = copy -> {
            ExecutionStatus status = copy.getStatus() == null ? new ExecutionStatus() : copy.getStatus();
            copy.setStatus(status);
            if (status.phase != null && status.phase.isFinal()) {
                return Optional.empty();
            }
            ExecutionPhase before = status.phase;
            status.phase = phase;
            if (status.startTime == null) {
                status.startTime = ExecutionTransitions.timestamp(now);
            }
            status.tasks = tasks;
            status.progress = done + "/" + total;
            status.errors = errors.isEmpty() ? null : errors;
            status.error = errors.isEmpty()
                    ? null
                    : errors.get(0).message
                            + (errors.get(0).task == null ? "" : " (task " + errors.get(0).task + ")")
                            + (errors.size() > 1 ? "; " + (errors.size() - 1) + " more in status.errors" : "");
            Long generation = copy.getMetadata().getGeneration();
            if (phase.isFinal()) {
                status.result = output;
                status.endTime = ExecutionTransitions.timestamp(now);
                status.duration = Durations.format(Duration.between(Instant.parse(status.startTime), now));
                Conditions.set(
                        status,
                        generation,
                        Conditions.COMPLETED,
                        true,
                        phase.name(),
                        "the workflow " + phase.name().toLowerCase(java.util.Locale.ROOT),
                        now);
            }
            if (before == phase) {
                return Optional.empty();
            }
            String message = "workflow " + workflowStatus + ", tasks " + status.progress
                    + (status.error == null ? "" : ": " + status.error);
            boolean bad = phase == ExecutionPhase.Failed || phase == ExecutionPhase.TimedOut;
            return Optional.of(new Transition(bad ? "Warning" : "Normal", phase.name(), message));
        };
        statusWrites.write(execution, phase, change, WorkflowEngine::auditPhase);
    }

    private void write(Execution execution, java.util.function.Function<Execution, Optional<Transition>> change) {
        statusWrites.writeNow(execution, change, written -> {});
    }

    private static void auditPhase(Execution written) {
        ExecutionContext context = context(written);
        AUDIT.infof(
                "workflow=%s/%s rule=%s trigger=%s parent=%s %s",
                written.getMetadata().getNamespace(),
                written.getMetadata().getName(),
                context.rule,
                context.triggerId,
                context.parentExecution,
                written.getStatus().phase);
    }

    private static List<TaskState> tasks(WorkflowRun run) {
        List<TaskState> out = new ArrayList<>();
        int from = Math.max(0, run.tasks.size() - MAX_STATUS_TASKS);
        for (WorkflowRun.TaskSummary s : run.tasks.subList(from, run.tasks.size())) {
            TaskState t = new TaskState();
            t.name = s.name;
            t.route = s.route;
            t.phase = s.status == null ? ExecutionPhase.Requested : phase(s.status);
            t.execution = s.execution;
            t.attempts = s.attempts;
            t.items = s.items;
            t.itemsDone = s.itemsDone;
            t.startTime = s.startTime;
            t.endTime = s.endTime;
            out.add(t);
        }
        return out;
    }

    private static List<WorkflowError> errors(WorkflowConductor conductor) {
        List<WorkflowError> out = new ArrayList<>();
        for (Map<String, Object> e : conductor.errorsWithFields()) {
            if (out.size() == MAX_STATUS_ERRORS) {
                break;
            }
            WorkflowError error = new WorkflowError();
            error.type = e.get("type") == null ? null : String.valueOf(e.get("type"));
            error.task = e.get("task_id") == null ? null : String.valueOf(e.get("task_id"));
            error.route = e.get("route") instanceof Number n ? n.intValue() : null;
            String message = String.valueOf(e.get("message"));
            if (e.get("result") != null) {
                message += " Result: " + Json.mapper().valueToTree(e.get("result"));
            }
            error.message =
                    message.length() > MAX_ERROR_MESSAGE ? message.substring(0, MAX_ERROR_MESSAGE) + "..." : message;
            error.field = e.get("field") == null ? null : String.valueOf(e.get("field"));
            out.add(error);
        }
        return out;
    }

    /** Orquesta's workflow and task statuses in the Execution's phases. */
    static ExecutionPhase phase(String status) {
        return switch (status) {
            case Statuses.PAUSING -> ExecutionPhase.Pausing;
            case Statuses.PAUSED -> ExecutionPhase.Paused;
            case Statuses.CANCELING -> ExecutionPhase.Canceling;
            case Statuses.CANCELED -> ExecutionPhase.Canceled;
            case Statuses.SUCCEEDED -> ExecutionPhase.Succeeded;
            case Statuses.FAILED -> ExecutionPhase.Failed;
            case Statuses.EXPIRED -> ExecutionPhase.TimedOut;
            case Statuses.ABANDONED -> ExecutionPhase.Abandoned;
            case Statuses.REQUESTED -> ExecutionPhase.Requested;
            case Statuses.PENDING -> ExecutionPhase.Pending;
            case Statuses.DELAYED -> ExecutionPhase.Delayed;
            case Statuses.SCHEDULED -> ExecutionPhase.Scheduled;
            default -> ExecutionPhase.Running;
        };
    }

    /** A child's final phase as the Orquesta status of its action execution. */
    static String orquestaStatus(ExecutionPhase phase) {
        return switch (phase) {
            case Succeeded -> Statuses.SUCCEEDED;
            case TimedOut -> Statuses.EXPIRED;
            case Canceled -> Statuses.CANCELED;
            case Abandoned -> Statuses.ABANDONED;
            default -> Statuses.FAILED;
        };
    }

    private static ExecutionContext context(Execution execution) {
        return execution.getSpec().context == null ? new ExecutionContext() : execution.getSpec().context;
    }

    static JsonNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }
}
