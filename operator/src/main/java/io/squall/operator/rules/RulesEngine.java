package io.squall.operator.rules;

import io.nats.client.Connection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.squall.engine.RuleMatcher;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.trigger.DeadLetterPublisher;
import io.squall.operator.trigger.TriggerConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The rules engine of one operator replica (every replica runs one; they share the durable consumer): the Rule,
 * Action and Workflow informers, the trigger consumer, and the periodic Rule status flush. It starts in the
 * background once NATS is connected and the streams exist, so it never delays the operator's start-up.
 */
@ApplicationScoped
public class RulesEngine {

    private static final Logger LOG = Logger.getLogger(RulesEngine.class);
    private static final Duration INFORMER_SYNC_TIMEOUT = Duration.ofMinutes(2);

    private final SquallConfig config;
    private final NatsConnector nats;
    private final RulesCache cache;
    private final RuleStatusRecorder recorder;
    private final RuleMatcher matcher;
    private final RuleEnforcer enforcer;
    private final RulesMetrics metrics;
    private final OperatorDatastore datastore;
    private ScheduledExecutorService scheduler;
    private TriggerConsumer consumer;
    private volatile boolean stopped;

    public RulesEngine(
            SquallConfig config,
            NatsConnector nats,
            OperatorDatastore datastore,
            RulesCache cache,
            RuleStatusRecorder recorder,
            RulesMetrics metrics,
            RuleEnforcer enforcer,
            TemplateRenderer renderer,
            Clock clock) {
        this.config = config;
        this.datastore = datastore;
        this.nats = nats;
        this.cache = cache;
        this.recorder = recorder;
        this.metrics = metrics;
        this.enforcer = enforcer;
        // the engine's matcher (no Kubernetes, not a bean): each trigger is matched against its namespace's
        // datastore, which TriggerProcessor binds
        this.matcher = new RuleMatcher(renderer, KvLookup.EMPTY, clock);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts in the background: informers, then the consumer once NATS is ready; the status flush. */
    public void start() {
        if (!config.nats().enabled() || !config.rules().enabled()) {
            LOG.infof(
                    "Rules engine off (squall.nats.enabled=%s, squall.rules.enabled=%s): no triggers are consumed",
                    config.nats().enabled(), config.rules().enabled());
            return;
        }
        scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "squall-rules-engine");
            thread.setDaemon(true);
            return thread;
        });
        long flushMillis = config.rules().statusFlushInterval().toMillis();
        scheduler.scheduleWithFixedDelay(recorder::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        scheduler.execute(this::startWhenReady);
    }

    /** Stops consuming, writes the pending rule status, stops the informers. */
    public void stop() {
        stopped = true;
        stopConsumer();
        if (scheduler != null) {
            scheduler.shutdownNow();
            recorder.flush();
        }
        cache.stop();
    }

    /** Starts consuming triggers (again), e.g. after {@link #stopConsumer()}. */
    public synchronized void startConsumer() throws Exception {
        if (consumer == null) {
            Connection connection = nats.awaitConnection(config.nats().connectTimeout());
            TriggerProcessor processor = new TriggerProcessor(
                    cache.index(),
                    matcher,
                    enforcer,
                    recorder,
                    new DeadLetterPublisher(connection.jetStream(), "trigger"),
                    datastore::systemLookup,
                    metrics);
            var rules = config.rules();
            consumer = new TriggerConsumer(
                    connection,
                    config.watchNamespaces().orElse(List.of()),
                    new TriggerConsumer.Settings(
                            rules.batchSize(), rules.maxConcurrency(), rules.ackWait(), rules.retryDelay()),
                    processor);
        }
        consumer.start();
    }

    /** Stops consuming: triggers in progress finish, the rest stay in JetStream for the other replicas or a restart. */
    public synchronized void stopConsumer() {
        if (consumer != null) {
            consumer.stop();
        }
    }

    public synchronized boolean isConsuming() {
        return consumer != null && consumer.isRunning();
    }

    public RuleIndex ruleIndex() {
        return cache.index();
    }

    public RuleStatusRecorder statusRecorder() {
        return recorder;
    }

    /** Informers first (a trigger must not meet an empty index), then the consumer once the streams exist. */
    private void startWhenReady() {
        if (stopped) {
            return;
        }
        try {
            cache.start(INFORMER_SYNC_TIMEOUT);
            if (!nats.readiness().ready()) {
                retry("waiting for NATS: " + nats.readiness().message());
                return;
            }
            startConsumer();
        } catch (Exception e) {
            retry(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void retry(String reason) {
        LOG.debugf(
                "Rules engine not started yet (%s); retrying in %ss",
                reason, config.nats().retryInterval().toSeconds());
        if (!stopped && !scheduler.isShutdown()) {
            scheduler.schedule(
                    this::startWhenReady, config.nats().retryInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
