package io.squall.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.OutputEvent;
import io.squall.api.messages.OutputEvent.Stream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What of each attempt's output arrived live, so that the result shows only the rest: per execution, attempt and
 * stream, how many bytes arrived without a gap from the start, whether any went missing in between, and the
 * attempt's end (each stream's length). Thread-safe: the NATS dispatcher records, the command's thread asks.
 */
final class StreamedOutput {
    /** Enough of the streamed bytes to check where the result's tail meets them. */
    private static final int KEPT_BYTES = 64;

    private record Key(String execution, int attempt, Stream stream) {}

    private record Attempt(String execution, int attempt) {}

    private static final class Received {
        long contiguous;
        boolean gap;
        byte[] last = new byte[0];
    }

    private final Map<Key, Received> received = new HashMap<>();
    private final Map<Attempt, OutputEvent.End> ends = new HashMap<>();
    private final Set<Attempt> seen = new HashSet<>();

    /** Records a chunk; false when it was seen already (a duplicate, not to print again). */
    synchronized boolean chunk(String execution, OutputEvent.Chunk chunk) {
        seen.add(new Attempt(execution, chunk.attempt()));
        Received r = received.computeIfAbsent(new Key(execution, chunk.attempt(), chunk.stream()), k -> new Received());
        long end = chunk.offset() + chunk.data().length;
        notifyAll();
        if (end <= r.contiguous) {
            return false;
        }
        if (chunk.offset() > r.contiguous) {
            r.gap = true;
        }
        if (!r.gap) {
            r.contiguous = end;
            byte[] joined = new byte[r.last.length + chunk.data().length];
            System.arraycopy(r.last, 0, joined, 0, r.last.length);
            System.arraycopy(chunk.data(), 0, joined, r.last.length, chunk.data().length);
            r.last = Arrays.copyOfRange(joined, Math.max(0, joined.length - KEPT_BYTES), joined.length);
        }
        return true;
    }

    synchronized void end(String execution, OutputEvent.End end) {
        Attempt attempt = new Attempt(execution, end.attempt());
        seen.add(attempt);
        ends.put(attempt, end);
        notifyAll();
    }

    /**
     * Waits (bounded) for the attempt's end: it is published just before the result, so it is normally here. When
     * nothing of the execution has arrived, only {@code quiet} for anything to: it ran where nothing is streamed (a
     * workflow, an operator-run action) or its runner could not reach NATS.
     */
    synchronized boolean awaitEnd(String execution, int attempt, Duration wait, Duration quiet)
            throws InterruptedException {
        long start = System.nanoTime();
        Attempt key = new Attempt(execution, attempt);
        while (!ends.containsKey(key)) {
            boolean any = seen.stream().anyMatch(a -> a.execution().equals(execution));
            long left = start + (any ? wait : quiet).toNanos() - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * The result as it should be printed after the live output: stdout/stderr removed when all of it arrived, cut to
     * what did not arrive when only its end is missing, and as it is when nothing arrived or the gap cannot be
     * placed. {@code notes} says which, when something is missing.
     */
    synchronized JsonNode unstreamed(String execution, int attempt, JsonNode result, StringBuilder notes) {
        if (result == null || !result.isObject() || !seen.contains(new Attempt(execution, attempt))) {
            return result;
        }
        ObjectNode copy = ((ObjectNode) result).deepCopy();
        OutputEvent.End end = ends.get(new Attempt(execution, attempt));
        for (Stream stream : Stream.values()) {
            String field = stream.name();
            Received r = received.getOrDefault(new Key(execution, attempt, stream), new Received());
            if (end != null && !r.gap && r.contiguous == end.bytes(stream)) {
                copy.remove(field);
                copy.remove(field + "_truncated_bytes");
                continue;
            }
            JsonNode value = copy.get(field);
            String rest = end == null || r.gap || value == null || !value.isTextual()
                    ? null
                    : rest(value.asText().getBytes(StandardCharsets.UTF_8), r, end.bytes(stream));
            if (rest == null) {
                notes.append("[squall] the live ")
                        .append(field)
                        .append(" was incomplete: the result's ")
                        .append(field)
                        .append(" is shown whole\n");
            } else {
                copy.put(field, rest);
                copy.remove(field + "_truncated_bytes");
                notes.append("[squall] the live ")
                        .append(field)
                        .append(" stopped after ")
                        .append(r.contiguous)
                        .append(" of ")
                        .append(end.bytes(stream))
                        .append(" bytes: the result's ")
                        .append(field)
                        .append(" shows the rest\n");
            }
        }
        return copy;
    }

    /**
     * What of the result's text (the last bytes of the stream, minus the line end the runner strips) follows the
     * {@code r.contiguous} bytes that arrived; null when the two cannot be lined up.
     */
    private static String rest(byte[] text, Received r, long total) {
        for (int stripped = 0; stripped <= 2; stripped++) {
            long textStart = total - stripped - text.length; // the stream offset of text[0]
            long from = r.contiguous - textStart;
            if (from < 0 || from > text.length) {
                continue;
            }
            int overlap = (int) Math.min(from, r.last.length);
            byte[] before = Arrays.copyOfRange(text, (int) from - overlap, (int) from);
            byte[] streamed = Arrays.copyOfRange(r.last, r.last.length - overlap, r.last.length);
            if (Arrays.equals(before, streamed)) {
                return new String(text, (int) from, text.length - (int) from, StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
