package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.ConcurrencySpec;
import io.squall.api.v1alpha1.RetrySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A StackStorm policy (policies/NAME.yaml) applied to the Action it names: action.retry as spec.retry,
 * action.concurrency(.attr) as spec.concurrency. Other policy types, and policies on workflows or on actions that
 * are not part of the import, are left out.
 */
final class PolicyConverter {
    private final ImportContext context;
    private final ImportedPack out;

    PolicyConverter(ImportContext context, ImportedPack out) {
        this.context = context;
        this.out = out;
    }

    /** Applies the policy; the returned text names what it became, for the report. */
    String apply(JsonNode policy, String file) {
        String type = policy.path("policy_type").asText("");
        String ref = policy.path("resource_ref").asText("");
        if (!policy.path("enabled").asBoolean(true)) {
            throw new ActionConverter.LeftOut("disabled (enabled: false)");
        }
        ImportedPack.Named<ActionSpec> action = out.actions.get(ref);
        if (action == null) {
            throw new ActionConverter.LeftOut("resource_ref " + ref
                    + (out.workflows.containsKey(ref)
                            ? " is a workflow: Squall Workflows have no retry or concurrency policy"
                            : " is not an Action of this import"));
        }
        JsonNode p = policy.path("parameters");
        switch (type) {
            case "action.retry" -> action.spec().retry = retry(p);
            case "action.concurrency", "action.concurrency.attr" -> action.spec().concurrency = concurrency(p, type);
            default ->
                throw new ActionConverter.LeftOut("policy type '" + type + "' has no Squall counterpart "
                        + "(Squall has action.retry and action.concurrency(.attr))");
        }
        return type + " on Action " + action.name();
    }

    private static RetrySpec retry(JsonNode p) {
        RetrySpec retry = new RetrySpec();
        retry.count = p.path("max_retry_count").asInt(2);
        retry.delay = p.has("delay") ? p.get("delay").asInt() : null;
        String on = p.path("retry_on").asText("");
        retry.retryOn = switch (on) {
            case "failure" -> List.of(RetrySpec.On.FAILED);
            case "timeout" -> List.of(RetrySpec.On.TIMEDOUT);
            default -> throw new ActionConverter.LeftOut("retry_on '" + on + "' is neither failure nor timeout");
        };
        return retry;
    }

    private static ConcurrencySpec concurrency(JsonNode p, String type) {
        if (!p.path("threshold").canConvertToInt() || p.get("threshold").asInt() < 1) {
            throw new ActionConverter.LeftOut("threshold must be a positive integer, found " + p.get("threshold"));
        }
        ConcurrencySpec c = new ConcurrencySpec();
        c.limit = p.get("threshold").asInt();
        String action = p.path("action").asText("delay");
        c.policy = switch (action) {
            case "delay" -> ConcurrencySpec.Policy.DELAY;
            case "cancel" -> ConcurrencySpec.Policy.CANCEL;
            default -> throw new ActionConverter.LeftOut("action '" + action + "' is neither delay nor cancel");
        };
        if (type.equals("action.concurrency.attr")) {
            List<String> attributes = new ArrayList<>();
            p.path("attributes").forEach(a -> attributes.add(a.asText()));
            if (attributes.isEmpty()) {
                throw new ActionConverter.LeftOut("action.concurrency.attr without attributes");
            }
            c.attributes = attributes;
        }
        return c;
    }
}
