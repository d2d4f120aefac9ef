package io.squall.runner.kubernetes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.runner.ActionOutcome;

/** An API error as the action's failure: the API server's own status code, reason and message (e.g. RBAC's 403). */
final class KubernetesFailure {
    private KubernetesFailure() {}

    static ActionOutcome of(String what, KubernetesClientException e) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        String message = message(e);
        if (e.getCode() > 0) {
            result.put("status_code", e.getCode());
        }
        if (e.getStatus() != null && e.getStatus().getReason() != null) {
            result.put("reason", e.getStatus().getReason());
        }
        result.put("error", what + " failed: " + message);
        return new ActionOutcome(Outcome.failed, result, what + " failed: " + message);
    }

    static ActionOutcome failed(String error) {
        return outcome(Outcome.failed, error);
    }

    static ActionOutcome outcome(Outcome outcome, String error) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("error", error);
        return new ActionOutcome(outcome, result, error);
    }

    /** "403 Forbidden: deployments.apps "web" is forbidden: User ... cannot delete ..." when the server said so. */
    static String message(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            String reason =
                    e.getStatus().getReason() == null ? "" : " " + e.getStatus().getReason();
            return e.getCode() + reason + ": " + e.getStatus().getMessage();
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + cause + ")";
    }
}
