package io.squall.operator.inquiry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may answer an inquiry: its {@code users} and {@code roles}, checked as StackStorm's inquiry service does
 * (st2common services/inquiry check_permission): with {@code users} set the responder must be one of them, with
 * {@code roles} set the responder must be in one of them, both when both are set; neither set lets anyone answer whom
 * RBAC lets patch the Execution. A user is a Kubernetes username exactly as the API server authenticates it (a
 * service account is {@code system:serviceaccount:<namespace>:<name>}); a role is one of the user's groups (all
 * service accounts of a namespace are in {@code system:serviceaccounts:<namespace>}).
 */
public record InquiryResponders(List<String> users, List<String> roles) {

    /** The users and roles of an inquiry's question (its {@code status.result}); missing ones are empty. */
    public static InquiryResponders of(JsonNode question) {
        return new InquiryResponders(
                texts(question == null ? null : question.get("users")),
                texts(question == null ? null : question.get("roles")));
    }

    /** Why {@code username} (in {@code groups}) may not answer, or empty when they may. */
    public Optional<String> refusal(String username, List<String> groups) {
        boolean userPasses = users.isEmpty() || users.contains(username);
        boolean rolePasses = roles.isEmpty() || groups.stream().anyMatch(roles::contains);
        if (userPasses && rolePasses) {
            return Optional.empty();
        }
        List<String> rules = new ArrayList<>();
        if (!users.isEmpty()) {
            rules.add("one of users " + users);
        }
        if (!roles.isEmpty()) {
            rules.add("in one of roles (groups) " + roles);
        }
        return Optional.of("user \"" + username + "\" (groups " + groups + ") may not answer this inquiry: the "
                + "responder must be " + String.join(" and ", rules));
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(v -> out.add(v.asText()));
        } else if (list != null && !list.isNull()) {
            out.add(list.asText());
        }
        return List.copyOf(out);
    }
}
