package io.squall.operator.execution;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.nats.client.JetStreamApiException;
import io.quarkus.scheduler.Scheduled;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.LeaderCheck;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.workflow.WorkflowRunStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the Execution history bounded (squall.executions.history-ttl and history-count): every
 * squall.executions.history-sweep-interval the leader deletes the finished Executions the policy
 * ({@link ExecutionHistory}) selects, from the Execution controller's cache. Their Jobs, pods and Secrets are
 * owned by them, so the garbage collector deletes those too (background propagation); finished Jobs also
 * expire on their own through ttlSecondsAfterFinished.
 */
@ApplicationScoped
public class ExecutionHistorySweeper {

    private static final Logger LOG = Logger.getLogger(ExecutionHistorySweeper.class);

    private final KubernetesClient client;
    private final SquallConfig.Executions config;
    private final LeaderCheck leader;
    private final Clock clock;
    private volatile IndexedResourceCache<Execution> cache;

    private final WorkflowRunStore workflows;

    public ExecutionHistorySweeper(
            KubernetesClient client, SquallConfig config, LeaderCheck leader, Clock clock, WorkflowRunStore workflows) {
        this.client = client;
        this.workflows = workflows;
        this.config = config.executions();
        this.leader = leader;
        this.clock = clock;
    }

    /** The Execution controller hands over its cache when its event sources are prepared. */
    public void attach(IndexedResourceCache<Execution> executions) {
        this.cache = executions;
    }

    @Scheduled(
            every = "${squall.executions.history-sweep-interval:1m}",
            delayed = "${squall.executions.history-sweep-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        if (cache != null && leader.isLeader()) {
            sweep();
        }
    }

    /** Deletes what the configured policy selects now; returns the deleted Executions. */
    public List<Execution> sweep() {
        return sweep(config.historyTtl(), config.historyCount());
    }

    public List<Execution> sweep(Duration ttl, int maxCount) {
        IndexedResourceCache<Execution> executions = cache;
        if (executions == null) {
            return List.of();
        }
        List<Execution> doomed = ExecutionHistory.toDelete(executions.list().toList(), clock.instant(), ttl, maxCount);
        for (Execution execution : doomed) {
            client.resource(execution)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
            if (execution.getSpec().action.kind == ActionKind.Workflow) {
                forgetWorkflow(execution);
            }
        }
        if (!doomed.isEmpty()) {
            LOG.infof(
                    "History: deleted %d finished Executions (history-ttl %s, history-count %d per namespace)",
                    doomed.size(), ttl, maxCount);
        }
        return doomed;
    }

    /** A swept workflow's state (kept after it finished, for re-runs) goes with it. */
    private void forgetWorkflow(Execution execution) {
        if (!workflows.isEnabled()) {
            return;
        }
        try {
            workflows.delete(
                    execution.getMetadata().getNamespace(),
                    execution.getMetadata().getName());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            // the Execution is gone already; its entry is only garbage now, the next sweep cannot see it
            LOG.warnf(
                    "History: the state of workflow Execution %s/%s stays in %s (%s)",
                    execution.getMetadata().getNamespace(),
                    execution.getMetadata().getName(),
                    WorkflowRunStore.BUCKET,
                    e.getMessage());
        }
    }
}
