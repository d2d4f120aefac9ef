package io.squall.operator.inquiry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * /q/health/ready is DOWN while the inquiry webhook is on but not serving yet: the Service sends the API server's
 * calls only to ready pods.
 */
@Readiness
@ApplicationScoped
public class InquiryWebhookReadinessCheck implements HealthCheck {

    private final InquiryWebhook webhook;

    public InquiryWebhookReadinessCheck(InquiryWebhook webhook) {
        this.webhook = webhook;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !webhook.enabled() || webhook.serving();
        return HealthCheckResponse.named("inquiry admission webhook")
                .status(up)
                .withData(
                        "message",
                        !webhook.enabled()
                                ? "off (users and roles of inquiries are not enforced)"
                                : up ? "serving" : "starting: see the operator log")
                .build();
    }
}
