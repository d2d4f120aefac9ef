package io.squall.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Well-formed timer parameters the scheduler would still refuse make the Rule not Ready, naming the parameter. */
class TimerTriggerValidatorTest {

    @Test
    void whatTheSchedulerRefusesIsReported() {
        Validation hour = TimerTriggerValidator.validate("core.timer.cron", Map.of("hour", IntNode.valueOf(25)));
        assertThat(hour.reason()).isEqualTo(Reasons.INVALID_TRIGGER);
        assertThat(hour.message()).startsWith("spec.trigger.parameters: the cron schedule '0 0 25 * * ? *'");

        Map<String, JsonNode> week = Map.of("week", IntNode.valueOf(12));
        assertThat(TimerTriggerValidator.validate("core.timer.cron", week).message())
                .isEqualTo(
                        "spec.trigger.parameters.week: ISO week numbers are not supported by the Quartz scheduler; use day and month");

        Map<String, JsonNode> zone =
                Map.of("date", TextNode.valueOf("2030-01-01 00:00:00"), "timezone", TextNode.valueOf("Mars/Olympus"));
        assertThat(TimerTriggerValidator.validate("core.timer.date", zone).message())
                .isEqualTo(
                        "spec.trigger.parameters.timezone: 'Mars/Olympus' is not a time zone such as UTC or Europe/Paris");

        assertThat(TimerTriggerValidator.validate(
                                "core.timer.cron",
                                Map.of("day_of_week", TextNode.valueOf("mon-fri"), "hour", IntNode.valueOf(9)))
                        .isValid())
                .isTrue();
    }
}
