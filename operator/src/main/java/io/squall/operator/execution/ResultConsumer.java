package io.squall.operator.execution;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.Json;
import io.squall.api.messages.MalformedMessageException;
import io.squall.api.messages.Subjects;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.nats.NatsUnavailableException;

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
    public static final String ERROR_HEADER = "Squall-Error";
    public static final String SUBJECT_HEADER = "Squall-Original-Subject";
    static final Duration FETCH_WAIT = Duration.ofSeconds(1);
    static final Duration CONNECT_POLL = Duration.ofMillis(200);

    private final NatsConnector connector;
    private final ResultApplier applier;
    private final int workers;
    private final Duration ackWait;
    private final Duration retryInterval;
    private final AtomicInteger applied = new AtomicInteger();
    private volatile boolean running;
    private Thread fetcher;
    private ExecutorService pool;

    public ResultConsumer(NatsConnector connector, ResultApplier applier, SquallConfig config) {
        this.connector = connector;
        this.applier = applier;
        this.workers = config.executions().resultWorkers();
        this.ackWait = config.executions().resultAckWait();
        this.retryInterval = config.nats().retryInterval();
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts fetching (again, after {@link #stop}); a no-op when NATS is disabled or it already runs. */
    public synchronized void start() {
        if (!connector.isEnabled() || running) {
            return;
        }
        running = true;
        pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "squall-results-worker");
            thread.setDaemon(true);
            return thread;
        });
        fetcher = new Thread(this::fetchLoop, "squall-results-consumer");
        fetcher.setDaemon(true);
        fetcher.start();
    }

    /** Stops fetching and waits for the results in hand to be applied and acknowledged (or nak'ed). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            fetcher.join(FETCH_WAIT.multipliedBy(5).toMillis());
            pool.shutdown();
            if (!pool.awaitTermination(ackWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("results still being applied after %ss; they will be redelivered", ackWait.toSeconds());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Results applied to an Execution status by this replica since start-up (for tests and benchmarks). */
    public int appliedCount() {
        return applied.get();
    }

    private void fetchLoop() {
        Semaphore inFlight = new Semaphore(workers * 4);
        ConsumerContext consumer = null;
        while (running) {
            try {
                if (consumer == null) {
                    if (!connector.readiness().ready()) {
                        // connecting or provisioning the streams; the connector reports problems itself
                        Thread.sleep(CONNECT_POLL.toMillis());
                        continue;
                    }
                    consumer = consumerContext();
                    LOG.infof("Consuming results from %s as durable consumer %s", Subjects.RESULT_STREAM,
                            Subjects.RESULTS_CONSUMER);
                }
                FetchConsumeOptions options = FetchConsumeOptions.builder().maxMessages(workers * 4)
                        .expiresIn(FETCH_WAIT.toMillis()).build();
                try (FetchConsumer fetch = consumer.fetch(options)) {
                    Message message;
                    while ((message = fetch.nextMessage()) != null) {
                        inFlight.acquire();
                        Message current = message;
                        pool.execute(() -> {
                            try {
                                handle(current);
                            } finally {
                                inFlight.release();
                            }
                        });
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (NatsUnavailableException | IOException | JetStreamApiException | JetStreamStatusCheckedException
                    | IllegalStateException e) {
                // IllegalStateException: jnats' answer to a use of a closed or reconnecting connection
                if (running) {
                    LOG.warnf("Results consumer: %s; retrying in %ss", e.getMessage(), retryInterval.toSeconds());
                    consumer = null;
                    sleep(retryInterval);
                }
            } catch (Exception e) {
                LOG.errorf(e, "Results consumer failed; retrying in %ss", retryInterval.toSeconds());
                consumer = null;
                sleep(retryInterval);
            }
        }
    }

    private ConsumerContext consumerContext() throws IOException, JetStreamApiException {
        Connection connection = connector.connection()
                .orElseThrow(() -> new NatsUnavailableException(connector.readiness().message()));
        return connection.getStreamContext(Subjects.RESULT_STREAM).createOrUpdateConsumer(ConsumerConfiguration.builder()
                .durable(Subjects.RESULTS_CONSUMER)
                .filterSubject(Subjects.resultWildcard())
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .deliverPolicy(DeliverPolicy.All)
                .maxDeliver(-1)
                .build());
    }

    /** Apply, then ack; API or NATS trouble naks for a retry; a malformed message is dead-lettered. */
    void handle(Message message) {
        ExecutionResult result;
        try {
            result = Json.fromBytes(message.getData(), ExecutionResult.class);
            if (result.namespace() == null || result.execution() == null || result.outcome() == null) {
                throw new MalformedMessageException("ExecutionResult: namespace, execution and outcome are required");
            }
        } catch (MalformedMessageException e) {
            deadLetter(message, e.getMessage());
            return;
        }
        try {
            switch (applier.apply(result)) {
                case APPLIED -> {
                    applied.incrementAndGet();
                    message.ack();
                }
                case IGNORED -> message.ack();
                case NOT_YET -> message.nakWithDelay(retryInterval);
            }
        } catch (KubernetesClientException | IOException | JetStreamApiException | NatsUnavailableException e) {
            LOG.warnf("Result %s not applied yet (%s); redelivered in %ss", result.messageId(), e.getMessage(),
                    retryInterval.toSeconds());
            message.nakWithDelay(retryInterval);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Result %s not applied; redelivered in %ss", result.messageId(), retryInterval.toSeconds());
            message.nakWithDelay(retryInterval);
        }
    }

    private void deadLetter(Message message, String reason) {
        LOG.warnf("Not a result on %s: %s; moved to %s", message.getSubject(), reason, Subjects.deadLetter("result"));
        try {
            Headers headers = new Headers().put(ERROR_HEADER, reason).put(SUBJECT_HEADER, message.getSubject());
            connector.connection().orElseThrow(() -> new NatsUnavailableException("NATS connection lost"))
                    .jetStream().publish(NatsMessage.builder().subject(Subjects.deadLetter("result")).headers(headers)
                            .data(message.getData()).build());
            message.ack();
        } catch (IOException | JetStreamApiException | NatsUnavailableException e) {
            LOG.warnf("Dead letter not stored (%s); the message is redelivered", e.getMessage());
            message.nakWithDelay(retryInterval);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
