package io.squall.operator.validation;

import io.squall.api.v1alpha1.SensorSpec;
import io.squall.api.v1alpha1.WebhookConfig;

/** Checks a Sensor: the configuration its type needs, and a credentials Secret for authenticated webhooks. */
public final class SensorValidator {

    private SensorValidator() {}

    public static Validation validate(SensorSpec spec) {
        Validation validation = new Validation();
        if (spec == null || spec.type == null) {
            return validation.problem(
                    Reasons.MISSING_FIELD, "spec.type", "is required (webhook, poll, kubernetes-events or image)");
        }
        switch (spec.type) {
            case IMAGE -> {
                if (spec.image == null || spec.image.isBlank()) {
                    validation.problem(Reasons.MISSING_SENSOR_CONFIG, "spec.image", "is required for type image");
                }
            }
            case POLL -> {
                boolean hasUrl = spec.poll != null && spec.poll.url != null && !spec.poll.url.isBlank();
                boolean hasCommand = spec.poll != null && spec.poll.command != null && !spec.poll.command.isEmpty();
                if (!hasUrl && !hasCommand) {
                    validation.problem(
                            Reasons.MISSING_SENSOR_CONFIG,
                            "spec.poll",
                            "type poll needs spec.poll.url or spec.poll.command");
                } else if (hasUrl && hasCommand) {
                    validation.problem(
                            Reasons.MISSING_SENSOR_CONFIG,
                            "spec.poll",
                            "set spec.poll.url or spec.poll.command, not both");
                }
            }
            case WEBHOOK -> {
                // webhooks authenticate by default (token); only auth: none may go without a Secret
                WebhookConfig.Auth auth = spec.webhook == null || spec.webhook.auth == null
                        ? WebhookConfig.Auth.TOKEN
                        : spec.webhook.auth;
                if (auth != WebhookConfig.Auth.NONE && (spec.secretRef == null || spec.secretRef.isBlank())) {
                    validation.problem(
                            Reasons.MISSING_SECRET_REF,
                            "spec.secretRef",
                            "is required for a webhook with auth " + auth.name().toLowerCase()
                                    + " (the Secret holds key `"
                                    + (auth == WebhookConfig.Auth.HMAC ? "hmac-key" : "token")
                                    + "`); set spec.webhook.auth: none to accept unauthenticated requests");
                }
            }
            case KUBERNETES_EVENTS -> {
                // every field has a default
            }
        }
        return validation;
    }
}
