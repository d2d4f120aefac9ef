package io.squall.operator.rules;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.Rule;
import io.squall.operator.ApiErrors;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on a Rule for enforcements that failed (`kubectl describe rule` shows them; StackStorm keeps
 * a failed RuleEnforcement). One Event per (rule, trigger), named deterministically, so a redelivered trigger does
 * not record its failure twice.
 */
@Singleton
public final class RuleEvents {

    public static final String ACTION_NOT_FOUND = "ActionNotFound";
    public static final String ENFORCEMENT_FAILED = "EnforcementFailed";
    static final String COMPONENT = "squall-operator";

    private static final Logger LOG = Logger.getLogger(RuleEvents.class);

    private final KubernetesClient client;
    private final Clock clock;

    public RuleEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Records the failure; an API error is a {@link RetryLaterException} (the failure must not go unrecorded). */
    public void record(Rule rule, TriggerEvent trigger, String reason, String message) {
        try {
            client.v1()
                    .events()
                    .inNamespace(rule.getMetadata().getNamespace())
                    .resource(event(rule, trigger, reason, message))
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == ApiErrors.CONFLICT) {
                return; // recorded by an earlier delivery of this trigger
            }
            throw RetryLaterException.of(
                    "cannot record Event " + reason + " on Rule "
                            + rule.getMetadata().getNamespace() + "/"
                            + rule.getMetadata().getName(),
                    e);
        }
    }

    /** Like {@link #record}, for failures that are already recorded elsewhere (a Failed Execution): an API error is only logged. */
    public void recordBestEffort(Rule rule, TriggerEvent trigger, String reason, String message) {
        try {
            record(rule, trigger, reason, message);
        } catch (RetryLaterException e) {
            LOG.warnf("%s (the failure is recorded in the Execution)", e.getMessage());
        }
    }

    private Event event(Rule rule, TriggerEvent trigger, String reason, String message) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String namespace = rule.getMetadata().getNamespace();
        return new EventBuilder()
                .withNewMetadata()
                .withName(
                        EnforcementNames.eventName(namespace, rule.getMetadata().getName(), trigger.id()))
                .withNamespace(namespace)
                .addToLabels(
                        Names.LABEL_RULE,
                        EnforcementNames.labelValue(rule.getMetadata().getName()))
                .addToLabels(Names.LABEL_TRIGGER_ID, EnforcementNames.labelValue(trigger.id()))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(Names.API_VERSION)
                .withKind("Rule")
                .withName(rule.getMetadata().getName())
                .withNamespace(namespace)
                .withUid(rule.getMetadata().getUid())
                .withResourceVersion(rule.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType("Warning")
                .withReason(reason)
                .withMessage(message)
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withAction("Enforce")
                .withReportingComponent(COMPONENT)
                .withReportingInstance(System.getenv().getOrDefault("HOSTNAME", COMPONENT))
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .build();
    }
}
