package io.squall.runner.process;

import io.squall.api.messages.OutputEvent;
import io.squall.runner.SecretMasker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies one output stream of the child: masks secrets, writes it live to the runner's own stream (so
 * `kubectl logs` shows it as it happens) and to the attempt's {@link LiveOutput}, and keeps its tail for the result.
 */
final class StreamPump implements Runnable {
    private final InputStream source;
    private final OutputTail tail;
    private final OutputStream live;
    private final OutputEvent.Stream stream;
    private final LiveOutput published;
    private final SecretMasker.Streaming masking;
    private boolean liveBroken;

    StreamPump(
            InputStream source,
            SecretMasker masker,
            OutputTail tail,
            OutputStream live,
            OutputEvent.Stream stream,
            LiveOutput published) {
        this.source = source;
        this.tail = tail;
        this.live = live;
        this.stream = stream;
        this.published = published;
        this.masking = masker.streaming(this::deliver);
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (source) {
            int n;
            while ((n = source.read(buffer)) > 0) {
                masking.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the pipe broke (the process group was killed while we read): keep what arrived
            System.err.println("[squall-runner] output stream closed early: " + e.getMessage());
        } finally {
            masking.finish();
        }
    }

    private void deliver(byte[] chunk) {
        tail.append(chunk);
        published.write(stream, chunk);
        if (liveBroken) {
            return;
        }
        try {
            synchronized (live) {
                live.write(chunk);
                live.flush();
            }
        } catch (IOException e) {
            // keep draining and capturing: a child blocked on a full pipe would hang until its timeout
            liveBroken = true;
            System.err.println("[squall-runner] cannot stream the action's output live any more: " + e);
        }
    }
}
