package io.squall.operator.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import io.squall.operator.nats.StreamProvisioner;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerExtension;
import io.squall.operator.testsupport.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NatsServerExtension.class)
class DeadLetterPublisherTest {

    @Test
    void theOriginalIsStoredWithTheReasonAndWhereItCameFromOnce(NatsServer nats) throws Exception {
        try (Connection connection = Nats.connect(nats.url())) {
            var config = TestConfigs.squall(Map.of());
            new StreamProvisioner(config.jetstream(), config.datastore()).provision(connection);
            var js = connection.jetStream();
            js.publish("squall.trigger.ns.core.webhook", "{broken".getBytes(StandardCharsets.UTF_8));
            JetStreamSubscription triggers = js.subscribe(
                    "squall.trigger.>", PullSubscribeOptions.builder().build());
            Message original = triggers.fetch(1, Kube.WAIT).get(0);

            DeadLetterPublisher publisher = new DeadLetterPublisher(js, "trigger");
            publisher.publish(original, "TriggerEvent: Unexpected character\n('b')");
            publisher.publish(original, "the same message dead-lettered again (a redelivery)");

            var stream = connection.jetStreamManagement().getStreamInfo(Subjects.DEAD_LETTER_STREAM);
            assertThat(stream.getStreamState().getMsgCount()).isEqualTo(1);
            var letter = connection
                    .jetStreamManagement()
                    .getLastMessage(Subjects.DEAD_LETTER_STREAM, Subjects.deadLetter("trigger"));
            assertThat(new String(letter.getData(), StandardCharsets.UTF_8)).isEqualTo("{broken");
            assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.ERROR_HEADER))
                    .isEqualTo("TriggerEvent: Unexpected character ('b')");
            assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.ORIGINAL_SUBJECT_HEADER))
                    .isEqualTo("squall.trigger.ns.core.webhook");
            assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.ORIGINAL_STREAM_HEADER))
                    .isEqualTo(Subjects.TRIGGER_STREAM);
            assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.ORIGINAL_SEQUENCE_HEADER))
                    .isEqualTo("1");
        }
    }
}
