package io.squall.operator.timer;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.StreamInfoOptions;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads what is stored in SQUALL_TRIGGERS on one subject (tests). */
final class TimerStream {

    /** A stored trigger and its Nats-Msg-Id header. */
    record Stored(TriggerEvent event, String messageId) {}

    private TimerStream() {}

    static long count(Connection connection, String subject) throws Exception {
        var state = connection
                .jetStreamManagement()
                .getStreamInfo(Subjects.TRIGGER_STREAM, StreamInfoOptions.filterSubjects(subject))
                .getStreamState();
        return state.getSubjects().stream()
                .filter(s -> s.getName().equals(subject))
                .mapToLong(s -> s.getCount())
                .sum();
    }

    /** Every stored message of the subject, oldest first (an ordered consumer reads exactly what is stored). */
    static List<Stored> read(Connection connection, String subject) throws Exception {
        long expected = count(connection, subject);
        List<Stored> stored = new ArrayList<>();
        JetStreamSubscription subscription = connection
                .jetStream()
                .subscribe(
                        subject,
                        PushSubscribeOptions.builder().stream(Subjects.TRIGGER_STREAM)
                                .ordered(true)
                                .build());
        try {
            while (stored.size() < expected) {
                Message message = subscription.nextMessage(Duration.ofSeconds(30));
                if (message == null) {
                    throw new AssertionError("only " + stored.size() + " of " + expected + " stored triggers on "
                            + subject + " were delivered");
                }
                stored.add(new Stored(
                        Json.mapper().readValue(message.getData(), TriggerEvent.class),
                        message.getHeaders().getFirst("Nats-Msg-Id")));
            }
        } finally {
            subscription.unsubscribe();
        }
        return stored;
    }
}
