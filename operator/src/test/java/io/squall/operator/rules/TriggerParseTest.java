package io.squall.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.impl.NatsMessage;
import io.squall.api.messages.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TriggerParseTest {

    private static NatsMessage message(String subject, String json) {
        return NatsMessage.builder()
                .subject(subject)
                .data(json.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @Test
    void aTriggerOnItsOwnSubjectIsParsed() {
        var trigger = TriggerProcessor.parse(message(
                "squall.trigger.team-a.core.webhook",
                "{\"id\": \"t1\", \"type\": \"core.webhook\", \"namespace\": \"team-a\", \"payload\": {\"a\": 1}}"));
        assertThat(trigger.id()).isEqualTo("t1");
        assertThat(trigger.payload().path("a").intValue()).isEqualTo(1);
    }

    @Test
    void malformedTriggersSayWhy() {
        assertThatThrownBy(() -> TriggerProcessor.parse(message("squall.trigger.team-a.core.webhook", "{not json")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("TriggerEvent: ");
        assertThatThrownBy(() -> TriggerProcessor.parse(message(
                        "squall.trigger.team-a.core.webhook",
                        "{\"type\": \"core.webhook\", \"namespace\": \"team-a\"}")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("trigger event: missing required field 'id'");
    }

    @Test
    void aTriggerClaimingAnotherNamespaceThanItsSubjectIsRejected() {
        assertThatThrownBy(() -> TriggerProcessor.parse(message(
                        "squall.trigger.team-a.core.webhook",
                        "{\"id\": \"t1\", \"type\": \"core.webhook\", \"namespace\": \"team-b\"}")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("trigger event: published on squall.trigger.team-a.core.webhook but its namespace and type "
                        + "say squall.trigger.team-b.core.webhook");
        assertThatThrownBy(() -> TriggerProcessor.parse(message(
                        "squall.trigger.team-a.core.webhook",
                        "{\"id\": \"t1\", \"type\": \"core.webhook\", \"namespace\": \"team.a\"}")))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not a valid subject token: 'team.a'");
    }
}
