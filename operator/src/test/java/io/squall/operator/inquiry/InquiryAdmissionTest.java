package io.squall.operator.inquiry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook's decision on AdmissionReviews of inquiry Executions, and the stamp the operator then trusts. */
class InquiryAdmissionTest {

    private static final String ALICE = "system:serviceaccount:automation:alice";
    private static final String BOB = "system:serviceaccount:automation:bob";
    private static final List<String> SA_GROUPS =
            List.of("system:serviceaccounts", "system:serviceaccounts:automation", "system:authenticated");
    private final ResponseStamp stamp =
            new ResponseStamp("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private final InquiryAdmission admission = new InquiryAdmission(stamp);

    @Test
    void aUserNotInUsersIsDeniedNamingTheUserAndWhoMayAnswer() throws Exception {
        JsonNode answer = review(
                BOB,
                SA_GROUPS,
                inquiry("[\"" + ALICE + "\"]", "[]", null),
                inquiry("[\"" + ALICE + "\"]", "[]", "{\"continue\": true}"));

        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/response/uid").asText()).isEqualTo("req-1");
        assertThat(answer.at("/response/status/code").asInt()).isEqualTo(403);
        assertThat(answer.at("/response/status/message").asText())
                .contains("inquiry automation/ask-1", "user \"" + BOB + "\"", "one of users [" + ALICE + "]");
        assertThat(answer.at("/response/patch").isMissingNode()).isTrue();
    }

    @Test
    void anAllowedUserIsStampedAndTheStampVerifiesForThatResponseOnly() throws Exception {
        ObjectNode answered = inquiry("[\"" + ALICE + "\"]", "[]", "{\"continue\": true}");
        // what the user wrote themselves is overwritten
        ((ObjectNode) answered.get("metadata")).putObject("annotations").put(ResponseStamp.RESPONDED_BY, "someone");
        JsonNode answer = review(ALICE, SA_GROUPS, inquiry("[\"" + ALICE + "\"]", "[]", null), answered);

        assertThat(answer.at("/response/allowed").asBoolean()).isTrue();
        assertThat(answer.at("/response/patchType").asText()).isEqualTo("JSONPatch");
        JsonNode patch = Json.mapper()
                .readTree(
                        Base64.getDecoder().decode(answer.at("/response/patch").asText()));
        assertThat(patch).hasSize(2);
        assertThat(patch.get(0).get("path").asText()).isEqualTo("/metadata/annotations/squall.io~1responded-by");
        assertThat(patch.get(0).get("value").asText()).isEqualTo(ALICE);
        Map<String, String> annotations = Map.of(
                ResponseStamp.RESPONDED_BY,
                ALICE,
                ResponseStamp.SIGNATURE,
                patch.get(1).get("value").asText());
        JsonNode response = Json.mapper().readTree("{\"continue\": true}");

        assertThat(stamp.verifiedResponder("uid-1", annotations, response)).contains(ALICE);
        assertThat(stamp.verifiedResponder("uid-1", annotations, Json.mapper().readTree("{\"continue\": false}")))
                .as("another response")
                .isEmpty();
        assertThat(stamp.verifiedResponder("uid-2", annotations, response))
                .as("another Execution")
                .isEmpty();
        assertThat(stamp.verifiedResponder(
                        "uid-1",
                        Map.of(
                                ResponseStamp.RESPONDED_BY,
                                BOB,
                                ResponseStamp.SIGNATURE,
                                annotations.get(ResponseStamp.SIGNATURE)),
                        response))
                .as("another user's name on alice's signature")
                .isEmpty();
        assertThat(new ResponseStamp("another key of 32 bytes.........".getBytes(StandardCharsets.UTF_8))
                        .verifiedResponder("uid-1", annotations, response))
                .as("another key")
                .isEmpty();
    }

    @Test
    void withoutAnnotationsTheStampAddsTheWholeMap() throws Exception {
        JsonNode answer = review(BOB, SA_GROUPS, inquiry("[]", "[]", null), inquiry("[]", "[]", "{\"a\": 1}"));

        JsonNode patch = Json.mapper()
                .readTree(
                        Base64.getDecoder().decode(answer.at("/response/patch").asText()));
        assertThat(answer.at("/response/allowed").asBoolean())
                .as("no users, no roles: anyone RBAC lets patch")
                .isTrue();
        assertThat(patch.get(0).get("path").asText()).isEqualTo("/metadata/annotations");
        assertThat(patch.get(0).get("value").get(ResponseStamp.RESPONDED_BY).asText())
                .isEqualTo(BOB);
    }

    @Test
    void rolesAreGroupsAndUsersAndRolesMustBothHoldAsInStackStorm() throws Exception {
        String ops = "[\"system:serviceaccounts:automation\"]";
        assertThat(allowed(BOB, SA_GROUPS, "[]", ops))
                .as("bob's namespace group is a role")
                .isTrue();
        assertThat(allowed(BOB, List.of("system:authenticated"), "[]", ops)).isFalse();
        assertThat(allowed(BOB, SA_GROUPS, "[\"" + ALICE + "\"]", ops))
                .as("in a role but not a user")
                .isFalse();
        assertThat(allowed(ALICE, SA_GROUPS, "[\"" + ALICE + "\"]", ops)).isTrue();
        assertThat(allowed(ALICE, List.of(), "[\"" + ALICE + "\"]", ops))
                .as("a user in no role")
                .isFalse();
        assertThat(denial(BOB, List.of(), "[\"" + ALICE + "\"]", ops))
                .contains("one of users [" + ALICE
                        + "] and in one of roles (groups) [system:serviceaccounts:automation]");
    }

    @Test
    void updatesThatDoNotAnswerAPendingInquiryPassUnchanged() throws Exception {
        String alice = "[\"" + ALICE + "\"]";
        // a label, by anyone
        ObjectNode labeled = inquiry(alice, "[]", null);
        ((ObjectNode) labeled.get("metadata")).putObject("labels").put("team", "ops");
        assertUnchanged(review(BOB, SA_GROUPS, inquiry(alice, "[]", null), labeled));
        // spec.cancel while a response stands, by anyone: the response is not touched
        ObjectNode canceled = inquiry(alice, "[]", "{\"continue\": true}");
        ((ObjectNode) canceled.get("spec")).put("cancel", true);
        assertUnchanged(review(BOB, SA_GROUPS, inquiry(alice, "[]", "{\"continue\": true}"), canceled));
        // not yet Pending (the operator labels it just before it opens) or finished: not an answer
        ObjectNode requested = inquiry(alice, "[]", null);
        ((ObjectNode) requested.get("status")).put("phase", "Requested");
        assertUnchanged(review(BOB, SA_GROUPS, requested, inquiry(alice, "[]", "{\"continue\": true}")));
        // the response removed
        assertUnchanged(
                review(BOB, SA_GROUPS, inquiry(alice, "[]", "{\"continue\": true}"), inquiry(alice, "[]", null)));
    }

    @Test
    void editingTheStampIsAnAnswerToo() throws Exception {
        String alice = "[\"" + ALICE + "\"]";
        ObjectNode forged = inquiry(alice, "[]", "{\"continue\": true}");
        ((ObjectNode) forged.get("metadata"))
                .putObject("annotations")
                .put(ResponseStamp.RESPONDED_BY, ALICE)
                .put(ResponseStamp.SIGNATURE, "made-up");

        JsonNode answer = review(BOB, SA_GROUPS, inquiry(alice, "[]", "{\"continue\": true}"), forged);
        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
    }

    @Test
    void aRequestWithoutAUserIsDeniedSayingWhy() throws Exception {
        JsonNode answer = review(null, List.of(), inquiry("[]", "[]", null), inquiry("[]", "[]", "{\"a\": 1}"));
        assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
        assertThat(answer.at("/response/status/message").asText()).contains("request.userInfo.username is missing");
    }

    private boolean allowed(String user, List<String> groups, String users, String roles) throws Exception {
        return review(user, groups, inquiry(users, roles, null), inquiry(users, roles, "{\"ok\": true}"))
                .at("/response/allowed")
                .asBoolean();
    }

    private String denial(String user, List<String> groups, String users, String roles) throws Exception {
        return review(user, groups, inquiry(users, roles, null), inquiry(users, roles, "{\"ok\": true}"))
                .at("/response/status/message")
                .asText();
    }

    private static void assertUnchanged(JsonNode answer) {
        assertThat(answer.at("/response/allowed").asBoolean()).isTrue();
        assertThat(answer.at("/response/patch").isMissingNode()).isTrue();
    }

    private JsonNode review(String user, List<String> groups, JsonNode old, JsonNode object) throws Exception {
        ObjectNode review = Json.mapper().createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "req-1").put("operation", "UPDATE");
        ObjectNode userInfo = request.putObject("userInfo");
        if (user != null) {
            userInfo.put("username", user);
        }
        groups.forEach(userInfo.putArray("groups")::add);
        request.set("oldObject", old);
        request.set("object", object);
        // as the API server sends it: JSON text
        return Json.mapper()
                .readTree(admission
                        .review(Json.mapper().readTree(review.toString()))
                        .toString());
    }

    private static ObjectNode inquiry(String users, String roles, String response) throws Exception {
        return (ObjectNode) Json.mapper()
                .readTree("""
                {"apiVersion": "squall.io/v1alpha1", "kind": "Execution",
                 "metadata": {"name": "ask-1", "namespace": "automation", "uid": "uid-1"},
                 "spec": {"action": {"name": "core-ask"}%s},
                 "status": {"phase": "Pending", "result": {"schema": {}, "users": %s, "roles": %s, "ttl": 60}}}
                """.formatted(response == null ? "" : ", \"response\": " + response, users, roles));
    }
}
