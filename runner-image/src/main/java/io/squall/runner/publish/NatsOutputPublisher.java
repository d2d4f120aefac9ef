package io.squall.runner.publish;

import io.nats.client.Connection;
import io.squall.api.messages.OutputEvent;
import io.squall.api.messages.OutputEvent.Stream;
import io.squall.api.messages.Subjects;
import io.squall.runner.process.LiveOutput;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes an attempt's output as it is produced to core NATS subject {@link Subjects#output} (no stream: when
 * nobody listens, nothing is kept), for {@code squall run} and {@code squall execution tail}. The output arrives
 * masked; it is cut into chunks of at most {@link #MAX_CHUNK_BYTES} (at a line end where there is one), and after
 * {@code limitBytes} in all one notice says the rest is only in the result. The pumps never wait for NATS: messages
 * go through a bounded queue to a sender thread, and what does not fit, or cannot be published (NATS slow, down or
 * not yet connected in time), is dropped and counted. {@link #finish} sends the end, with each stream's length, so
 * a reader knows what it missed.
 */
public final class NatsOutputPublisher implements LiveOutput {
    static final int MAX_CHUNK_BYTES = 16 * 1024;
    public static final long DEFAULT_LIMIT_BYTES = 1024 * 1024;
    private static final int QUEUE_MESSAGES = 256;

    private final String subject;
    private final int attempt;
    private final long limitBytes;
    private final CompletableFuture<Connection> connection;
    private final BlockingQueue<OutputEvent> queue = new ArrayBlockingQueue<>(QUEUE_MESSAGES);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Thread sender;
    private final long[] lengths = new long[Stream.values().length];
    private long seq;
    private long accepted;
    private boolean overLimit;

    public NatsOutputPublisher(
            CompletableFuture<Connection> connection,
            String namespace,
            String execution,
            int attempt,
            long limitBytes) {
        this.subject = Subjects.output(namespace, execution);
        this.attempt = attempt;
        this.limitBytes = limitBytes;
        this.connection = connection;
        this.sender = new Thread(this::send, "squall-output-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public synchronized void write(Stream stream, byte[] chunk) {
        int from = 0;
        while (from < chunk.length) {
            int to = pieceEnd(chunk, from);
            byte[] piece = Arrays.copyOfRange(chunk, from, to);
            long offset = lengths[stream.ordinal()];
            lengths[stream.ordinal()] += piece.length;
            from = to;
            if (overLimit) {
                continue;
            }
            if (accepted + piece.length > limitBytes) {
                overLimit = true;
                enqueue(
                        new OutputEvent.Notice(
                                attempt,
                                ++seq,
                                "[squall] more than " + limitBytes
                                        + " bytes of output: the rest is not streamed; it is in the result (squall execution logs)"));
                continue;
            }
            accepted += piece.length;
            enqueue(new OutputEvent.Chunk(attempt, ++seq, stream, offset, piece));
        }
    }

    /** Up to MAX_CHUNK_BYTES, ending after the last newline in that window when there is one. */
    private static int pieceEnd(byte[] chunk, int from) {
        int max = Math.min(chunk.length, from + MAX_CHUNK_BYTES);
        if (max == chunk.length) {
            return max;
        }
        for (int i = max - 1; i > from; i--) {
            if (chunk[i] == '\n') {
                return i + 1;
            }
        }
        return max;
    }

    private void enqueue(OutputEvent event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /**
     * After the action's output is complete: sends the end and waits up to {@code wait} for everything queued to
     * reach the server (so it comes before the result). Never throws: live output is a courtesy.
     */
    public void finish(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        OutputEvent.End end;
        synchronized (this) {
            end = new OutputEvent.End(
                    attempt, ++seq, lengths[Stream.stdout.ordinal()], lengths[Stream.stderr.ordinal()], dropped.get());
        }
        try {
            if (!queue.offer(end, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                dropped.incrementAndGet();
            }
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (sender.isAlive()) {
                sender.interrupt();
            } else if (!connection.isCompletedExceptionally()) {
                connection.join().flush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a timeout flushing, a closed connection: the reader then sees the output end early
            System.err.println("[squall-runner] live output not flushed to NATS: " + e);
        }
        System.err.println("[squall-runner] live output on " + subject + ": " + published.get()
                + " messages published, " + dropped.get() + " dropped");
    }

    long droppedMessages() {
        return dropped.get();
    }

    private void send() {
        Connection open;
        try {
            open = connection.join();
        } catch (RuntimeException e) {
            System.err.println("[squall-runner] no live output: " + e.getMessage());
            open = null;
        }
        try {
            while (true) {
                OutputEvent event = queue.take();
                if (open == null) {
                    dropped.incrementAndGet();
                } else {
                    try {
                        open.publish(event.toMessage(subject));
                        published.incrementAndGet();
                    } catch (RuntimeException e) {
                        // IllegalStateException: closed, or the reconnect buffer is full while NATS is away
                        dropped.incrementAndGet();
                    }
                }
                if (event instanceof OutputEvent.End) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
