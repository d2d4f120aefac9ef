package io.squall.operator.execution.result;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.Json;
import io.squall.api.messages.MalformedMessageException;
import io.squall.api.messages.Subjects;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.nats.NatsUnavailableException;
import io.squall.operator.nats.PullConsumerLoop;
import io.squall.operator.nats.PullConsumerLoop.Outcome;
import io.squall.operator.trigger.DeadLetterPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Consumes SQUALL_RESULTS through the durable pull consumer {@value Subjects#RESULTS_CONSUMER}, shared by
 * every operator replica (each fetches its share; a result not acknowledged in time goes to another). Each
 * result is applied to its Execution's status and acknowledged only after the status write; an API server
 * error naks it for a later retry. Because the consumer is durable, results published while no operator
 * runs are applied when one starts. A message that is not a result goes to the dead-letter subject
 * {@code squall.deadletter.result} with the reason, and never blocks the stream.
 */
@ApplicationScoped
public class ResultConsumer {

    private static final Logger LOG = Logger.getLogger(ResultConsumer.class);
    public static final String ERROR_HEADER = DeadLetterPublisher.ERROR_HEADER;
    public static final String SUBJECT_HEADER = DeadLetterPublisher.ORIGINAL_SUBJECT_HEADER;
    static final Duration FETCH_WAIT = Duration.ofSeconds(1);
    static final Duration CONNECT_POLL = Duration.ofMillis(200);

    private final NatsConnector connector;
    private final ResultApplier applier;
    private final Duration ackWait;
    private final Duration retryInterval;
    private final AtomicInteger applied = new AtomicInteger();
    private final PullConsumerLoop loop;

    public ResultConsumer(NatsConnector connector, ResultApplier applier, SquallConfig config) {
        this.connector = connector;
        this.applier = applier;
        int workers = config.executions().resultWorkers();
        this.ackWait = config.executions().resultAckWait();
        this.retryInterval = config.nats().retryInterval();
        var settings = new PullConsumerLoop.Settings(
                workers * 4, workers, workers * 4, FETCH_WAIT, retryInterval, ackWait, CONNECT_POLL);
        this.loop = new PullConsumerLoop(
                "results",
                List.of(new PullConsumerLoop.Durable(Subjects.RESULTS_CONSUMER, this::consumerContext)),
                settings,
                this::handle,
                (message, reason) ->
                        new DeadLetterPublisher(connection().jetStream(), "result").publish(message, reason));
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts fetching (again, after {@link #stop}); a no-op when NATS is disabled or it already runs. */
    public synchronized void start() {
        if (connector.isEnabled()) {
            loop.start();
        }
    }

    /** Stops fetching and waits for the results in hand to be applied and acknowledged (or nak'ed). */
    public synchronized void stop() {
        loop.stop();
    }

    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Results applied to an Execution status by this replica since start-up (for tests and benchmarks). */
    public int appliedCount() {
        return applied.get();
    }

    /** The durable, once NATS is connected and the streams are provisioned (the connector reports problems). */
    private Optional<ConsumerContext> consumerContext() throws IOException, JetStreamApiException {
        if (!connector.readiness().ready()) {
            return Optional.empty();
        }
        return Optional.of(connection()
                .getStreamContext(Subjects.RESULT_STREAM)
                .createOrUpdateConsumer(ConsumerConfiguration.builder()
                        .durable(Subjects.RESULTS_CONSUMER)
                        .filterSubject(Subjects.resultWildcard())
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(ackWait)
                        .deliverPolicy(DeliverPolicy.All)
                        .maxDeliver(-1)
                        .build()));
    }

    private Connection connection() {
        return connector
                .connection()
                .orElseThrow(
                        () -> new NatsUnavailableException(connector.readiness().message()));
    }

    /** Apply, then ack; API or NATS trouble naks for a retry; a malformed message is dead-lettered. */
    Outcome handle(Message message) {
        ExecutionResult result;
        try {
            result = Json.fromBytes(message.getData(), ExecutionResult.class);
            if (result.namespace() == null || result.execution() == null || result.outcome() == null) {
                throw new MalformedMessageException("ExecutionResult: namespace, execution and outcome are required");
            }
        } catch (MalformedMessageException e) {
            LOG.warnf(
                    "Not a result on %s: %s; moved to %s",
                    message.getSubject(), e.getMessage(), Subjects.deadLetter("result"));
            return Outcome.deadLetter(e.getMessage());
        }
        try {
            return switch (applier.apply(result)) {
                case APPLIED -> {
                    applied.incrementAndGet();
                    yield Outcome.ACK;
                }
                case IGNORED -> Outcome.ACK;
                case NOT_YET -> Outcome.RETRY;
            };
        } catch (KubernetesClientException | IOException | JetStreamApiException | NatsUnavailableException e) {
            LOG.warnf(
                    "Result %s not applied yet (%s); redelivered in %ss",
                    result.messageId(), e.getMessage(), retryInterval.toSeconds());
            return Outcome.RETRY;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Result %s not applied; redelivered in %ss", result.messageId(), retryInterval.toSeconds());
            return Outcome.RETRY;
        }
    }
}
