package io.squall.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.RuleStatus;
import io.squall.operator.rules.RuleStatusRecorder.Delta;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RuleStatusRecorderTest {

    private static Rule ruleWithStatus(Long matched, Long enforced, Long failed, String lastMatchTime) {
        Rule rule = RuleIndexTest.rule("a", "r", "core.webhook", true);
        rule.getMetadata().setResourceVersion("42");
        RuleStatus status = new RuleStatus();
        status.matched = matched;
        status.enforced = enforced;
        status.failed = failed;
        status.lastMatchTime = lastMatchTime;
        status.lastError = "old error";
        rule.setStatus(status);
        return rule;
    }

    /** As the API server reads it (Jackson's LongNode and IntNode are not equal). */
    private static JsonNode reparsed(JsonNode patch) throws Exception {
        return Json.mapper().readTree(patch.toString());
    }

    @Test
    void thePatchAddsTheDeltaToTheCurrentValueAndCarriesItsResourceVersion() throws Exception {
        Rule base = ruleWithStatus(10L, 8L, 2L, "2026-01-01T00:00:00Z");
        Delta delta = new Delta(5, 4, 1, Instant.parse("2026-01-02T00:00:00.700Z"), "new error");

        assertThat(reparsed(RuleStatusRecorder.patch(base, delta)))
                .isEqualTo(Json.mapper().readTree("""
                {"metadata": {"resourceVersion": "42"},
                 "status": {"matched": 15, "enforced": 12, "failed": 3,
                            "lastMatchTime": "2026-01-02T00:00:00Z", "lastError": "new error"}}"""));
    }

    @Test
    void aRuleWithoutStatusStartsFromZeroAndConditionsAreNotTouched() throws Exception {
        Rule base = RuleIndexTest.rule("a", "r", "core.webhook", true);
        base.getMetadata().setResourceVersion("7");
        var patch = RuleStatusRecorder.patch(base, new Delta(0, 0, 1, null, "criteria failed"));
        assertThat(reparsed(patch)).isEqualTo(Json.mapper().readTree("""
                {"metadata": {"resourceVersion": "7"},
                 "status": {"matched": 0, "enforced": 0, "failed": 1, "lastError": "criteria failed"}}"""));
    }

    @Test
    void anOlderMatchTimeDoesNotMoveTheLastMatchBack() throws Exception {
        Rule base = ruleWithStatus(1L, 1L, 0L, "2026-05-01T00:00:00Z");
        var patch = RuleStatusRecorder.patch(base, new Delta(1, 1, 0, Instant.parse("2026-04-01T00:00:00Z"), null));
        assertThat(patch.path("status").path("lastMatchTime").textValue()).isEqualTo("2026-05-01T00:00:00Z");
        assertThat(patch.path("status").has("lastError")).isFalse();
    }

    @Test
    void deltasAddUpAndTheLaterErrorAndMatchWin() {
        Delta first = new Delta(1, 1, 0, Instant.parse("2026-01-01T00:00:00Z"), "first");
        Delta second = new Delta(2, 1, 1, Instant.parse("2026-01-01T00:00:05Z"), "second");
        Delta none = new Delta(0, 0, 0, null, null);
        assertThat(first.plus(second)).isEqualTo(new Delta(3, 2, 1, Instant.parse("2026-01-01T00:00:05Z"), "second"));
        assertThat(second.plus(none)).isEqualTo(second);
    }
}
