package io.squall.api.messages;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;

/**
 * One message of an attempt's live output on core NATS subject {@link Subjects#output}: a chunk of its stdout or
 * stderr (already masked), a notice for the reader (e.g. that the rest is only in the result), or the end of the
 * attempt's output with how much each stream had, so a reader can tell whether it saw all of it. Everything but
 * the chunk's bytes travels in headers; {@code seq} counts the attempt's messages from 1.
 */
public sealed interface OutputEvent {
    String STREAM = "Squall-Stream";
    String ATTEMPT = "Squall-Attempt";
    String SEQ = "Squall-Seq";
    String OFFSET = "Squall-Offset";
    String STDOUT_BYTES = "Squall-Stdout-Bytes";
    String STDERR_BYTES = "Squall-Stderr-Bytes";
    String DROPPED = "Squall-Dropped";

    enum Stream {
        stdout,
        stderr
    }

    int attempt();

    long seq();

    /** Bytes {@code [offset, offset + data.length)} of the stream. */
    record Chunk(int attempt, long seq, Stream stream, long offset, byte[] data) implements OutputEvent {}

    record Notice(int attempt, long seq, String text) implements OutputEvent {}

    /** The attempt's output ended: each stream's length, and how many messages were not published. */
    record End(int attempt, long seq, long stdoutBytes, long stderrBytes, long dropped) implements OutputEvent {
        public long bytes(Stream stream) {
            return stream == Stream.stdout ? stdoutBytes : stderrBytes;
        }
    }

    default Message toMessage(String subject) {
        Headers headers = new Headers().put(ATTEMPT, String.valueOf(attempt())).put(SEQ, String.valueOf(seq()));
        byte[] data = new byte[0];
        if (this instanceof Chunk c) {
            headers.put(STREAM, c.stream().name()).put(OFFSET, String.valueOf(c.offset()));
            data = c.data();
        } else if (this instanceof Notice n) {
            headers.put(STREAM, "notice");
            data = n.text().getBytes(StandardCharsets.UTF_8);
        } else if (this instanceof End e) {
            headers.put(STREAM, "end")
                    .put(STDOUT_BYTES, String.valueOf(e.stdoutBytes()))
                    .put(STDERR_BYTES, String.valueOf(e.stderrBytes()))
                    .put(DROPPED, String.valueOf(e.dropped()));
        }
        return NatsMessage.builder()
                .subject(subject)
                .headers(headers)
                .data(data)
                .build();
    }

    static OutputEvent from(Message message) {
        Headers headers = message.getHeaders();
        if (headers == null) {
            throw new MalformedMessageException("output message on " + message.getSubject() + " has no headers");
        }
        int attempt = (int) number(headers, ATTEMPT);
        long seq = number(headers, SEQ);
        String stream = headers.getFirst(STREAM);
        byte[] data = message.getData() == null ? new byte[0] : message.getData();
        if ("notice".equals(stream)) {
            return new Notice(attempt, seq, new String(data, StandardCharsets.UTF_8));
        }
        if ("end".equals(stream)) {
            return new End(
                    attempt,
                    seq,
                    number(headers, STDOUT_BYTES),
                    number(headers, STDERR_BYTES),
                    number(headers, DROPPED));
        }
        if ("stdout".equals(stream) || "stderr".equals(stream)) {
            return new Chunk(attempt, seq, Stream.valueOf(stream), number(headers, OFFSET), data);
        }
        throw new MalformedMessageException(
                "output message header " + STREAM + " is '" + stream + "', not stdout, stderr, notice or end");
    }

    private static long number(Headers headers, String name) {
        String value = headers.getFirst(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MalformedMessageException(
                    "output message header " + name + " is '" + value + "', not a number", e);
        }
    }
}
