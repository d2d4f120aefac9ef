package io.squall.operator.inquiry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision of the inquiry admission webhook on one AdmissionReview (admission.k8s.io/v1) of an Execution UPDATE.
 * Only a request that sets or changes {@code spec.response}, or the stamp annotations, of a Pending inquiry is
 * checked: its user must be allowed by the inquiry's {@link InquiryResponders users and roles} (read from the old
 * object's question, which only the operator writes), else it is denied naming the user and who may answer; an
 * allowed one is stamped ({@link ResponseStamp}) with the user the API server authenticated, replacing whatever
 * stamp the request carried. Every other update passes unchanged.
 */
public final class InquiryAdmission {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResponseStamp stamp;

    public InquiryAdmission(ResponseStamp stamp) {
        this.stamp = stamp;
    }

    /** The AdmissionReview to send back for {@code review}. */
    public ObjectNode review(JsonNode review) {
        JsonNode request = review.path("request");
        ObjectNode response = NODES.objectNode();
        response.put("uid", request.path("uid").asText());
        Optional<String> denial;
        Optional<ArrayNode> patch = Optional.empty();
        try {
            Decision decision = decide(request);
            denial = decision.denial();
            patch = decision.patch();
        } catch (IllegalArgumentException e) {
            denial = Optional.of("the inquiry webhook cannot read this request: " + e.getMessage());
        }
        response.put("allowed", denial.isEmpty());
        denial.ifPresent(message -> response.putObject("status")
                .put("code", 403)
                .put("reason", "Forbidden")
                .put("message", message));
        patch.ifPresent(p -> response.put("patchType", "JSONPatch")
                .put("patch", Base64.getEncoder().encodeToString(p.toString().getBytes(StandardCharsets.UTF_8))));
        ObjectNode out = NODES.objectNode();
        out.put("apiVersion", "admission.k8s.io/v1");
        out.put("kind", "AdmissionReview");
        out.set("response", response);
        return out;
    }

    private record Decision(Optional<String> denial, Optional<ArrayNode> patch) {
        static final Decision ALLOW = new Decision(Optional.empty(), Optional.empty());
    }

    private Decision decide(JsonNode request) {
        JsonNode object = request.path("object");
        JsonNode old = request.path("oldObject");
        if (!"UPDATE".equals(request.path("operation").asText()) || !object.isObject() || !old.isObject()) {
            return Decision.ALLOW; // the configuration sends only UPDATEs; anything else is not an answer
        }
        boolean pendingInquiry = "Pending".equals(old.at("/status/phase").asText())
                && old.at("/status/result").isObject();
        if (!pendingInquiry || !object.at("/metadata/deletionTimestamp").isMissingNode()) {
            return Decision.ALLOW;
        }
        JsonNode response = object.at("/spec/response");
        boolean answerTouched = !Objects.equals(old.at("/spec/response"), response)
                || !Objects.equals(
                        annotation(old, ResponseStamp.RESPONDED_BY), annotation(object, ResponseStamp.RESPONDED_BY))
                || !Objects.equals(
                        annotation(old, ResponseStamp.SIGNATURE), annotation(object, ResponseStamp.SIGNATURE));
        if (!answerTouched || response.isMissingNode() || response.isNull()) {
            return Decision.ALLOW; // not an answer: the operator only reads a stamped spec.response
        }
        String username = request.at("/userInfo/username").asText(null);
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("request.userInfo.username is missing");
        }
        List<String> groups = new ArrayList<>();
        request.at("/userInfo/groups").forEach(g -> groups.add(g.asText()));
        String name = old.at("/metadata/namespace").asText() + "/"
                + old.at("/metadata/name").asText();
        Optional<String> refusal =
                InquiryResponders.of(old.at("/status/result")).refusal(username, groups);
        if (refusal.isPresent()) {
            return new Decision(Optional.of("inquiry " + name + ": " + refusal.get()), Optional.empty());
        }
        String uid = old.at("/metadata/uid").asText();
        return new Decision(
                Optional.empty(), Optional.of(stampPatch(object, username, stamp.sign(uid, username, response))));
    }

    /** JSON patch ops writing both annotations (the request's own values are overwritten). */
    private static ArrayNode stampPatch(JsonNode object, String username, String signature) {
        ArrayNode ops = NODES.arrayNode();
        if (!object.at("/metadata/annotations").isObject()) {
            ObjectNode annotations = NODES.objectNode();
            annotations.put(ResponseStamp.RESPONDED_BY, username);
            annotations.put(ResponseStamp.SIGNATURE, signature);
            ops.addObject()
                    .put("op", "add")
                    .put("path", "/metadata/annotations")
                    .set("value", annotations);
            return ops;
        }
        ops.addObject()
                .put("op", "add")
                .put("path", annotationPath(ResponseStamp.RESPONDED_BY))
                .put("value", username);
        ops.addObject()
                .put("op", "add")
                .put("path", annotationPath(ResponseStamp.SIGNATURE))
                .put("value", signature);
        return ops;
    }

    private static String annotationPath(String key) {
        return "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1"); // RFC 6901
    }

    private static String annotation(JsonNode object, String key) {
        JsonNode value = object.path("metadata").path("annotations").get(key);
        return value == null ? null : value.asText();
    }
}
