package io.squall.operator.trigger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

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
import io.squall.api.messages.Subjects;

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

    public record Settings(int batchSize, int maxConcurrency, Duration ackWait, Duration retryDelay) {
    }

    private static final Logger LOG = Logger.getLogger(TriggerConsumer.class);
    /** An idle pull request ends after this; also how long stopping may wait for the last one. */
    private static final Duration FETCH_EXPIRES = Duration.ofSeconds(3);

    private final Connection connection;
    private final List<String> namespaces;
    private final Settings settings;
    private final Handler handler;
    private final Semaphore permits;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final List<Thread> loops = new ArrayList<>();
    private volatile boolean running;
    private ExecutorService workers;

    /** @param namespaces watched namespaces; empty consumes the triggers of every namespace */
    public TriggerConsumer(Connection connection, List<String> namespaces, Settings settings, Handler handler) {
        this.connection = connection;
        this.namespaces = List.copyOf(namespaces);
        this.settings = settings;
        this.handler = handler;
        this.permits = new Semaphore(settings.maxConcurrency());
    }

    /** The durable consumers' configurations (created or updated on start). */
    public List<ConsumerConfiguration> consumerConfigurations() {
        if (namespaces.isEmpty()) {
            return List.of(configuration(Subjects.RULES_ENGINE_CONSUMER, Subjects.triggerWildcard()));
        }
        return namespaces.stream()
                .map(ns -> configuration(Subjects.RULES_ENGINE_CONSUMER + "-" + ns, Subjects.TRIGGER_PREFIX + "." + ns + ".>"))
                .toList();
    }

    /** Creates or updates the durable consumers and starts pulling. */
    public synchronized void start() throws IOException, JetStreamApiException {
        if (running) {
            return;
        }
        List<ConsumerConfiguration> configurations = consumerConfigurations();
        List<ConsumerContext> consumers = new ArrayList<>();
        var stream = connection.getStreamContext(Subjects.TRIGGER_STREAM);
        for (ConsumerConfiguration configuration : configurations) {
            consumers.add(stream.createOrUpdateConsumer(configuration));
        }
        AtomicInteger workerNumber = new AtomicInteger();
        workers = Executors.newFixedThreadPool(settings.maxConcurrency(),
                runnable -> daemon(runnable, "squall-rules-" + workerNumber.incrementAndGet()));
        running = true;
        for (int i = 0; i < consumers.size(); i++) {
            ConsumerConfiguration configuration = configurations.get(i);
            ConsumerContext consumer = consumers.get(i);
            Thread loop = daemon(() -> pull(configuration, consumer), "squall-triggers-" + configuration.getDurable());
            loops.add(loop);
            loop.start();
        }
        LOG.infof("Consuming triggers: durable %s, batch %d, %d in parallel, ack wait %ss",
                consumers.stream().map(ConsumerContext::getConsumerName).toList(), settings.batchSize(),
                settings.maxConcurrency(), settings.ackWait().toSeconds());
    }

    /**
     * Stops pulling; triggers being processed finish (and are acknowledged), triggers pulled but not started are
     * handed back at once (nak) for this or another replica.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        for (Thread loop : loops) {
            try {
                loop.join(settings.ackWait().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loops.clear();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.ackWait().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Triggers still processing after the ack wait; they will be delivered again");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Stopped consuming triggers");
    }

    public boolean isRunning() {
        return running;
    }

    /** Triggers acknowledged / handed back for a retry since this consumer was created. */
    public long acknowledged() {
        return acked.get();
    }

    public long retried() {
        return retried.get();
    }

    /**
     * One fetch (pull request) after another. A fetch ends when its batch is delivered or it expires, so when
     * stopping nothing can arrive after the loop ends: what arrives after the stop is handed back (nak), and
     * handing back within the still-open fetch only counts towards its batch. When pulling fails (NATS away, the
     * consumer deleted with a lost JetStream store) the durable is created again and pulling resumes.
     */
    private void pull(ConsumerConfiguration configuration, ConsumerContext first) {
        FetchConsumeOptions options = FetchConsumeOptions.builder().maxMessages(settings.batchSize())
                .expiresIn(FETCH_EXPIRES.toMillis()).build();
        ConsumerContext consumer = first;
        try {
            while (running) {
                try {
                    if (consumer == null) {
                        consumer = connection.getStreamContext(Subjects.TRIGGER_STREAM)
                                .createOrUpdateConsumer(configuration);
                        LOG.infof("Trigger consumer %s: pulling again", configuration.getDurable());
                    }
                    if (drain(consumer.fetch(options)) == 0) {
                        // an idle pull says nothing when the durable is gone (NATS back without its store):
                        // ask, and create it again if it is
                        consumer.getConsumerInfo();
                    }
                } catch (IOException | JetStreamApiException | JetStreamStatusCheckedException | RuntimeException e) {
                    LOG.warnf("Trigger consumer %s: %s; retrying in %ss", configuration.getDurable(), e.toString(),
                            settings.retryDelay().toSeconds());
                    consumer = null;
                    Thread.sleep(settings.retryDelay().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Dispatches what one fetch delivers; returns how many messages it delivered. */
    private int drain(FetchConsumer fetch) throws InterruptedException, JetStreamStatusCheckedException {
        int delivered = 0;
        try {
            Message message;
            while ((message = fetch.nextMessage()) != null) {
                delivered++;
                if (!running) {
                    message.nak();
                    continue;
                }
                permits.acquire();
                if (!running) {
                    permits.release();
                    message.nak();
                    continue;
                }
                Message accepted = message;
                workers.execute(() -> {
                    try {
                        dispatch(accepted);
                    } finally {
                        permits.release();
                    }
                });
            }
        } finally {
            fetch.stop();
        }
        return delivered;
    }

    private void dispatch(Message message) {
        Disposition disposition;
        try {
            disposition = handler.handle(message);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Trigger %s: unexpected failure; it will be delivered again", message.getSubject());
            disposition = Disposition.RETRY;
        }
        if (disposition == Disposition.ACK) {
            message.ack();
            acked.incrementAndGet();
        } else {
            message.nakWithDelay(settings.retryDelay());
            retried.incrementAndGet();
        }
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

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
