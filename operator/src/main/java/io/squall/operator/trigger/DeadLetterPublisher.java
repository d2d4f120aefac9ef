package io.squall.operator.trigger;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.squall.api.messages.Subjects;
import io.squall.operator.Audit;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Stores a message that cannot be processed on the dead-letter subject ({@code squall.deadletter.<source>}, stream
 * SQUALL_DEADLETTER): the original bytes, with the reason and where it came from in headers, and an audit log line.
 * The message id is derived from the original stream sequence, so dead-lettering a redelivered message again is
 * dropped by the stream's duplicate window.
 */
public final class DeadLetterPublisher {

    public static final String ERROR_HEADER = "Squall-Error";
    public static final String ORIGINAL_SUBJECT_HEADER = "Squall-Original-Subject";
    public static final String ORIGINAL_STREAM_HEADER = "Squall-Original-Stream";
    public static final String ORIGINAL_SEQUENCE_HEADER = "Squall-Original-Sequence";

    private static final Logger AUDIT = Audit.LOG;
    private static final int MAX_REASON = 4096;

    private final JetStream jetStream;
    private final String source;

    /** @param source the kind of message, e.g. "trigger": the subject is Subjects.deadLetter(source) */
    public DeadLetterPublisher(JetStream jetStream, String source) {
        this.jetStream = jetStream;
        this.source = source;
    }

    /** Returns once JetStream has stored the dead letter; only then may the original be acknowledged. */
    public void publish(Message original, String reason) throws IOException, JetStreamApiException {
        // header values are one line of printable ASCII
        String oneLine = reason.replaceAll("[^\\x20-\\x7E]+", " ");
        if (oneLine.length() > MAX_REASON) {
            oneLine = oneLine.substring(0, MAX_REASON) + "...";
        }
        Headers headers = new Headers().put(ERROR_HEADER, oneLine).put(ORIGINAL_SUBJECT_HEADER, original.getSubject());
        PublishOptions.Builder options = PublishOptions.builder().expectedStream(Subjects.DEAD_LETTER_STREAM);
        if (original.isJetStream()) {
            headers.put(ORIGINAL_STREAM_HEADER, original.metaData().getStream());
            headers.put(
                    ORIGINAL_SEQUENCE_HEADER, Long.toString(original.metaData().streamSequence()));
            options.messageId(source + "-" + original.metaData().getStream() + "-"
                    + original.metaData().streamSequence());
        }
        NatsMessage letter = NatsMessage.builder()
                .subject(Subjects.deadLetter(source))
                .headers(headers)
                .data(original.getData())
                .build();
        jetStream.publish(letter, options.build());
        AUDIT.warnf(
                "dead-lettered %s message subject=%s%s: %s",
                source,
                original.getSubject(),
                original.isJetStream() ? " seq=" + original.metaData().streamSequence() : "",
                oneLine);
    }
}
