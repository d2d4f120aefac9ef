package io.squall.operator.trigger;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.squall.api.messages.Subjects;
import io.squall.operator.nats.PullConsumerLoop;
import io.squall.operator.nats.PullConsumerLoop.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The durable JetStream pull consumer of SQUALL_TRIGGERS. Every operator replica pulls from the same durable
 * consumer, so JetStream spreads the triggers over the replicas (more replicas, more throughput). Within a replica
 * up to {@code maxConcurrency} triggers are processed in parallel. A trigger is acknowledged only when its handler
 * says it is done; a handler that asks to retry gets it back after {@code retryDelay}; an unacknowledged trigger
 * (a crash) comes back after the ack wait.
 * <p>
 * With watched namespaces (a namespaced installation) there is one durable per namespace,
 * {@code squall-rules-engine-<namespace>} on {@code squall.trigger.<namespace>.>}, so installations that share a NATS
 * never take each other's triggers.
 */
public final class TriggerConsumer {

    /** What the handler decided about one message. */
    public enum Disposition {
        /** Done (processed, or stored as a dead letter): acknowledge. */
        ACK,
        /** Not done (e.g. the API server failed): deliver again after the retry delay. */
        RETRY
    }

    @FunctionalInterface
    public interface Handler {
        Disposition handle(Message message);
    }

    public record Settings(int batchSize, int maxConcurrency, Duration ackWait, Duration retryDelay) {}

    private static final Logger LOG = Logger.getLogger(TriggerConsumer.class);
    /** An idle pull request ends after this. */
    private static final Duration FETCH_EXPIRES = Duration.ofSeconds(3);

    private final Connection connection;
    private final List<String> namespaces;
    private final Settings settings;
    private final PullConsumerLoop loop;

    /** @param namespaces watched namespaces; empty consumes the triggers of every namespace */
    public TriggerConsumer(Connection connection, List<String> namespaces, Settings settings, Handler handler) {
        this.connection = connection;
        this.namespaces = List.copyOf(namespaces);
        this.settings = settings;
        List<PullConsumerLoop.Durable> durables = consumerConfigurations().stream()
                .map(configuration -> new PullConsumerLoop.Durable(
                        configuration.getDurable(), () -> Optional.of(open(configuration))))
                .toList();
        var loopSettings = new PullConsumerLoop.Settings(
                settings.batchSize(),
                settings.maxConcurrency(),
                settings.maxConcurrency(),
                FETCH_EXPIRES,
                settings.retryDelay(),
                settings.ackWait(),
                settings.retryDelay());
        this.loop = new PullConsumerLoop(
                "triggers",
                durables,
                loopSettings,
                message -> handler.handle(message) == Disposition.ACK ? Outcome.ACK : Outcome.RETRY,
                // the handler stores dead letters itself (TriggerProcessor) and answers ACK; this is the loop's sink
                (message, reason) ->
                        new DeadLetterPublisher(connection.jetStream(), "trigger").publish(message, reason));
    }

    /** The durable consumers' configurations (created or updated on start). */
    public List<ConsumerConfiguration> consumerConfigurations() {
        if (namespaces.isEmpty()) {
            return List.of(configuration(Subjects.RULES_ENGINE_CONSUMER, Subjects.triggerWildcard()));
        }
        return namespaces.stream()
                .map(ns -> configuration(
                        Subjects.RULES_ENGINE_CONSUMER + "-" + ns, Subjects.TRIGGER_PREFIX + "." + ns + ".>"))
                .toList();
    }

    /** Creates or updates the durable consumers (a failure is thrown, nothing starts) and starts pulling. */
    public synchronized void start() throws IOException, JetStreamApiException {
        if (loop.isRunning()) {
            return;
        }
        Map<String, ConsumerContext> opened = new LinkedHashMap<>();
        for (ConsumerConfiguration configuration : consumerConfigurations()) {
            opened.put(configuration.getDurable(), open(configuration));
        }
        loop.start(opened);
        LOG.infof(
                "Consuming triggers: durable %s, batch %d, %d in parallel, ack wait %ss",
                opened.keySet(),
                settings.batchSize(),
                settings.maxConcurrency(),
                settings.ackWait().toSeconds());
    }

    /**
     * Stops pulling; triggers being processed finish (and are acknowledged), triggers pulled but not started are
     * handed back at once (nak) for this or another replica.
     */
    public synchronized void stop() {
        loop.stop();
    }

    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Triggers acknowledged / handed back for a retry since this consumer was created. */
    public long acknowledged() {
        return loop.acknowledged();
    }

    public long retried() {
        return loop.retried();
    }

    private ConsumerContext open(ConsumerConfiguration configuration) throws IOException, JetStreamApiException {
        return connection.getStreamContext(Subjects.TRIGGER_STREAM).createOrUpdateConsumer(configuration);
    }

    private ConsumerConfiguration configuration(String durable, String filterSubject) {
        return ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject(filterSubject)
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(settings.ackWait())
                .maxDeliver(-1)
                .build();
    }
}
