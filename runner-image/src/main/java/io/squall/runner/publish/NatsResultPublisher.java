package io.squall.runner.publish;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.Subjects;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Publishes the result to JetStream (stream {@value Subjects#RESULT_STREAM}, subject
 * {@link ExecutionResult#subject()}) with Nats-Msg-Id = {@link ExecutionResult#messageId()}, so a
 * republished result is dropped by the stream's duplicate window. Publishing is retried with backoff
 * for a bounded time (a NATS restart, or a stream the operator has not created yet, must not lose the
 * result). The runner never creates streams: their configuration belongs to the operator.
 * <p>
 * The connection is opened in the background as soon as the publisher is created, so it overlaps the action.
 */
public final class NatsResultPublisher implements ResultSink {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int HEADROOM_BYTES = 1024;

    private final Supplier<Options> optionsFactory;
    private final Duration budget;
    private final CompletableFuture<Connection> firstConnection;
    private CompletableFuture<Connection> pendingConnection;
    private Options options;
    private Connection connection;

    private NatsResultPublisher(Supplier<Options> optionsFactory, Duration budget) {
        this.optionsFactory = optionsFactory;
        this.budget = budget;
        this.firstConnection = CompletableFuture.supplyAsync(this::connect, NatsResultPublisher::daemon);
        this.pendingConnection = firstConnection;
    }

    /** The connection being opened in the background, for the live output to share (it fails if NATS cannot be reached). */
    public CompletableFuture<Connection> firstConnection() {
        return firstConnection;
    }

    /** A thread of its own (not the common pool, whose start-up would cost more than it saves). */
    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "squall-nats-connect");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts connecting now, in the background (building the options too: jnats' start-up then overlaps
     * the runner's); {@link #deliver} keeps trying for {@code budget} in total.
     */
    public static NatsResultPublisher connectInBackground(Supplier<Options> options, Duration budget) {
        return new NatsResultPublisher(options, budget);
    }

    @Override
    public void deliver(ExecutionResult result) throws ResultNotDeliveredException, InterruptedException {
        PublishAck ack = publish(result);
        System.err.println("[squall-runner] result " + result.outcome() + " published to " + result.subject()
                + " (stream " + ack.getStream() + ", seq " + ack.getSeqno()
                + (ack.isDuplicate() ? ", duplicate of an earlier publish" : "") + ")");
    }

    /**
     * Publishes until JetStream acknowledges, retrying every failure until the budget is spent. A result
     * larger than the server's max_payload is cut to fit first ({@link ResultFitter}).
     */
    public PublishAck publish(ExecutionResult result) throws ResultNotDeliveredException, InterruptedException {
        PublishOptions publishOptions = PublishOptions.builder()
                .messageId(result.messageId())
                .expectedStream(Subjects.RESULT_STREAM)
                .build();
        long deadline = System.nanoTime() + budget.toNanos();
        Duration backoff = FIRST_BACKOFF;
        Exception last;
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                Connection connection = connection();
                // room for the subject and headers, which count against max_payload too
                long room = connection.getServerInfo().getMaxPayload() - HEADROOM_BYTES;
                byte[] data = ResultFitter.toBytes(result, room);
                NatsMessage message = NatsMessage.builder()
                        .subject(result.subject())
                        .data(data)
                        .build();
                return connection.jetStream().publish(message, publishOptions);
            } catch (Exception e) {
                // IOException (no connection, ack timeout, 503 no stream yet), JetStreamApiException, closed connection
                last = e;
                System.err.println(
                        "[squall-runner] publish attempt " + attempt + " to " + result.subject() + " failed: " + e);
            }
            if (System.nanoTime() + backoff.toNanos() > deadline) {
                throw new ResultNotDeliveredException(
                        "result of " + result.messageId() + " not published after " + attempt + " attempts in "
                                + budget.toSeconds() + " s",
                        last);
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private Connection connection() {
        if (connection != null) {
            return connection;
        }
        if (pendingConnection != null) {
            CompletableFuture<Connection> pending = pendingConnection;
            pendingConnection = null;
            try {
                connection = pending.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        } else {
            connection = connect();
        }
        return connection;
    }

    private Connection connect() {
        synchronized (this) {
            if (options == null) {
                options = optionsFactory.get();
            }
        }
        try {
            return Nats.connect(options);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "cannot connect to NATS " + options.getServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS", e);
        }
    }

    @Override
    public void close() {
        Connection open = connection;
        if (open == null
                && pendingConnection != null
                && pendingConnection.isDone()
                && !pendingConnection.isCompletedExceptionally()) {
            open = pendingConnection.join();
        }
        if (open != null) {
            try {
                open.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
