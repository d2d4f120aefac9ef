package io.squall.operator.nats;

import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The operator's one JetStream pull-consumer loop: one pull thread per durable fetches a batch after another and
 * hands each message to a bounded pool of workers. A message is acknowledged only after its work is done; a
 * retryable failure (or a handler exception) naks it with the retry delay; a poison message is stored as a dead
 * letter and then acknowledged. Stopping lets the work in hand finish and hands back (nak) what was pulled but
 * not started, so another replica gets it at once. When pulling fails (NATS away, the durable lost with the
 * JetStream store) the durable is opened again after the retry delay.
 */
public final class PullConsumerLoop {

    /** What the handler decided about one message. */
    public record Outcome(Kind kind, String reason) {

        public enum Kind {
            ACK,
            RETRY,
            DEAD_LETTER
        }

        /** Done: acknowledge. */
        public static final Outcome ACK = new Outcome(Kind.ACK, null);
        /** Not done (e.g. the API server failed): deliver again after the retry delay. */
        public static final Outcome RETRY = new Outcome(Kind.RETRY, null);

        /** Never processable: store it as a dead letter with the reason, then acknowledge. */
        public static Outcome deadLetter(String reason) {
            return new Outcome(Kind.DEAD_LETTER, reason);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Outcome handle(Message message);
    }

    /** Creates or updates a durable consumer; empty while NATS is not ready yet (asked again shortly). */
    @FunctionalInterface
    public interface Opener {
        Optional<ConsumerContext> open() throws IOException, JetStreamApiException;
    }

    /** One durable consumer this loop pulls from. */
    public record Durable(String name, Opener opener) {}

    /** Where poison messages go; {@code DeadLetterPublisher::publish} (returns once stored). */
    @FunctionalInterface
    public interface DeadLetters {
        void publish(Message message, String reason) throws IOException, JetStreamApiException;
    }

    /**
     * @param batchSize   messages per pull request
     * @param workers     messages processed in parallel
     * @param maxInFlight messages handed to the workers and not yet done (at least {@code workers})
     * @param fetchExpiry an idle pull request ends after this (also how long a stop waits for the pull threads)
     * @param retryDelay  nak delay of a retryable failure, and the pause before opening a durable again
     * @param stopTimeout how long a stop waits for the work in hand (the ack wait: later it is redelivered anyway)
     * @param notReadyPoll how often to ask again while the opener says NATS is not ready
     */
    public record Settings(
            int batchSize,
            int workers,
            int maxInFlight,
            Duration fetchExpiry,
            Duration retryDelay,
            Duration stopTimeout,
            Duration notReadyPoll) {

        public Settings {
            if (batchSize < 1 || workers < 1 || maxInFlight < workers) {
                throw new IllegalArgumentException("PullConsumerLoop.Settings: batchSize and workers must be >= 1 and "
                        + "maxInFlight >= workers, got batchSize=" + batchSize + " workers=" + workers
                        + " maxInFlight=" + maxInFlight);
            }
        }
    }

    private static final Logger LOG = Logger.getLogger(PullConsumerLoop.class);

    private final String name;
    private final List<Durable> durables;
    private final Settings settings;
    private final Handler handler;
    private final DeadLetters deadLetters;
    private final Semaphore permits;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final List<Thread> pullers = new ArrayList<>();
    private volatile boolean running;
    private ExecutorService workers;

    /** @param name names the threads and log lines, e.g. "triggers" */
    public PullConsumerLoop(
            String name, List<Durable> durables, Settings settings, Handler handler, DeadLetters deadLetters) {
        if (durables.isEmpty()) {
            throw new IllegalArgumentException("PullConsumerLoop " + name + ": durables must not be empty");
        }
        this.name = name;
        this.durables = List.copyOf(durables);
        this.settings = settings;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.permits = new Semaphore(settings.maxInFlight());
    }

    /** Starts pulling; every durable is opened by its pull thread. */
    public void start() {
        start(Map.of());
    }

    /**
     * Starts pulling (again, after {@link #stop}); a no-op while running.
     *
     * @param opened durables the caller has already opened, by name: their pull threads start with them
     */
    public synchronized void start(Map<String, ConsumerContext> opened) {
        if (running) {
            return;
        }
        AtomicInteger workerNumber = new AtomicInteger();
        workers = Executors.newFixedThreadPool(
                settings.workers(),
                runnable -> daemon(runnable, "squall-" + name + "-worker-" + workerNumber.incrementAndGet()));
        running = true;
        for (Durable durable : durables) {
            Thread puller =
                    daemon(() -> pull(durable, opened.get(durable.name())), "squall-" + name + "-" + durable.name());
            pullers.add(puller);
            puller.start();
        }
    }

    /** Stops pulling; the work in hand finishes (and is acknowledged), what was pulled but not started is nak'ed. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            for (Thread puller : pullers) {
                puller.join(settings.fetchExpiry().plus(settings.stopTimeout()).toMillis());
            }
            workers.shutdown();
            if (!workers.awaitTermination(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf(
                        "%s: messages still being processed after %ss; they will be delivered again",
                        name, settings.stopTimeout().toSeconds());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pullers.clear();
        LOG.infof("%s: stopped consuming", name);
    }

    public boolean isRunning() {
        return running;
    }

    /** Messages acknowledged (done or dead-lettered) since this loop was created. */
    public long acknowledged() {
        return acked.get();
    }

    /** Messages nak'ed for a retry since this loop was created. */
    public long retried() {
        return retried.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /**
     * One fetch (pull request) after another. A fetch ends when its batch is delivered or it expires, so nothing
     * arrives after the loop ends: what arrives after the stop is handed back within the still-open fetch.
     */
    private void pull(Durable durable, ConsumerContext first) {
        FetchConsumeOptions options = FetchConsumeOptions.builder()
                .maxMessages(settings.batchSize())
                .expiresIn(settings.fetchExpiry().toMillis())
                .build();
        ConsumerContext consumer = first;
        try {
            while (running) {
                try {
                    if (consumer == null) {
                        Optional<ConsumerContext> opened = durable.opener().open();
                        if (opened.isEmpty()) {
                            // NATS connecting or the streams being provisioned; the connector reports that itself
                            Thread.sleep(settings.notReadyPoll().toMillis());
                            continue;
                        }
                        consumer = opened.get();
                        LOG.infof(
                                "%s: pulling from durable %s, batch %d, %d in parallel",
                                name, durable.name(), settings.batchSize(), settings.workers());
                    }
                    if (drain(consumer.fetch(options)) == 0) {
                        // an idle pull says nothing when the durable is gone (NATS back without its store):
                        // ask, and open it again if it is
                        consumer.getConsumerInfo();
                    }
                } catch (IOException | JetStreamApiException | JetStreamStatusCheckedException | RuntimeException e) {
                    // RuntimeException includes jnats' IllegalStateException on a closed or reconnecting connection
                    if (running) {
                        LOG.warnf(
                                "%s: durable %s: %s; opening it again in %ss",
                                name,
                                durable.name(),
                                e.toString(),
                                settings.retryDelay().toSeconds());
                        Thread.sleep(settings.retryDelay().toMillis());
                    }
                    consumer = null;
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
                        process(accepted);
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

    private void process(Message message) {
        Outcome outcome;
        try {
            outcome = handler.handle(message);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: %s: unexpected failure; it will be delivered again", name, message.getSubject());
            outcome = Outcome.RETRY;
        }
        switch (outcome.kind()) {
            case ACK -> ack(message);
            case RETRY -> retry(message);
            case DEAD_LETTER -> deadLetter(message, outcome.reason());
        }
    }

    private void deadLetter(Message message, String reason) {
        try {
            deadLetters.publish(message, reason);
            deadLettered.incrementAndGet();
            ack(message);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warnf(
                    "%s: dead letter of %s not stored (%s); it will be delivered again",
                    name, message.getSubject(), e.toString());
            retry(message);
        }
    }

    private void ack(Message message) {
        message.ack();
        acked.incrementAndGet();
    }

    private void retry(Message message) {
        message.nakWithDelay(settings.retryDelay());
        retried.incrementAndGet();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
