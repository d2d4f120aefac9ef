package io.squall.operator.execution.runner;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.squall.api.v1alpha1.Execution;

/** The owner reference that ties an attempt's Job and Secret to their Execution (garbage-collected with it). */
final class Owners {

    private Owners() {}

    static OwnerReference ownerReference(Execution execution) {
        return new OwnerReferenceBuilder()
                .withApiVersion(execution.getApiVersion())
                .withKind(execution.getKind())
                .withName(execution.getMetadata().getName())
                .withUid(execution.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
