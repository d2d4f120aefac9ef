package io.squall.operator.inquiry;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.squall.api.messages.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes the webhook's CA into {@code clientConfig.caBundle} of every webhook of the chart's
 * MutatingWebhookConfiguration, and nothing else of it (a JSON patch of those fields only; the chart's RBAC grants
 * get and patch on that one object). Nothing is written when it already holds this CA.
 */
final class CaBundle {
    private static final Logger LOG = Logger.getLogger(CaBundle.class);

    private CaBundle() {}

    static void write(KubernetesClient client, String configuration, String caPem) throws Exception {
        String bundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
        MutatingWebhookConfiguration current = client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(configuration)
                .get();
        if (current == null) {
            throw new IllegalStateException("MutatingWebhookConfiguration " + configuration + " does not exist (the "
                    + "chart makes it with inquiries.admissionWebhook.enabled; squall.inquiries.admission-webhook."
                    + "configuration names it)");
        }
        List<MutatingWebhook> webhooks = current.getWebhooks() == null ? List.of() : current.getWebhooks();
        var ops = Json.mapper().createArrayNode();
        for (int i = 0; i < webhooks.size(); i++) {
            if (!bundle.equals(webhooks.get(i).getClientConfig().getCaBundle())) {
                ops.addObject()
                        .put("op", "add")
                        .put("path", "/webhooks/" + i + "/clientConfig/caBundle")
                        .put("value", bundle);
            }
        }
        if (!ops.isEmpty()) {
            client.admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName(configuration)
                    .patch(PatchContext.of(PatchType.JSON), ops.toString());
            LOG.infof("inquiry webhook: wrote the CA into MutatingWebhookConfiguration %s", configuration);
        }
    }
}
