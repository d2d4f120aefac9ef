package io.squall.api.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.squall.api.messages.OutputEvent.Stream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputEventTest {

    @Test
    void eachKindRoundTripsThroughANatsMessage() {
        String subject = Subjects.output("ops", "deploy-1");
        assertThat(subject).isEqualTo("squall.output.ops.deploy-1");

        Message chunk = new OutputEvent.Chunk(2, 7, Stream.stderr, 120, "oops\n".getBytes(StandardCharsets.UTF_8))
                .toMessage(subject);
        OutputEvent.Chunk parsed = (OutputEvent.Chunk) OutputEvent.from(chunk);
        assertThat(parsed.attempt()).isEqualTo(2);
        assertThat(parsed.seq()).isEqualTo(7);
        assertThat(parsed.stream()).isEqualTo(Stream.stderr);
        assertThat(parsed.offset()).isEqualTo(120);
        assertThat(new String(parsed.data(), StandardCharsets.UTF_8)).isEqualTo("oops\n");

        assertThat(OutputEvent.from(new OutputEvent.Notice(1, 3, "the rest is in the result").toMessage(subject)))
                .isEqualTo(new OutputEvent.Notice(1, 3, "the rest is in the result"));
        assertThat(OutputEvent.from(new OutputEvent.End(1, 9, 300, 12, 4).toMessage(subject)))
                .isEqualTo(new OutputEvent.End(1, 9, 300, 12, 4));
    }

    @Test
    void aMessageWithAnUnknownStreamOrABadNumberIsMalformedAndNamesTheHeader() {
        Message unknown = NatsMessage.builder()
                .subject("squall.output.ops.x")
                .headers(new Headers()
                        .put(OutputEvent.ATTEMPT, "0")
                        .put(OutputEvent.SEQ, "1")
                        .put(OutputEvent.STREAM, "stdin"))
                .build();
        assertThatThrownBy(() -> OutputEvent.from(unknown))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("Squall-Stream")
                .hasMessageContaining("stdin");
        Message badSeq = NatsMessage.builder()
                .subject("squall.output.ops.x")
                .headers(new Headers().put(OutputEvent.ATTEMPT, "0").put(OutputEvent.SEQ, "one"))
                .build();
        assertThatThrownBy(() -> OutputEvent.from(badSeq))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("Squall-Seq");
    }
}
