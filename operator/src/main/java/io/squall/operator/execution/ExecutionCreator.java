package io.squall.operator.execution;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Names;
import io.squall.operator.ApiErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Predicate;

/**
 * Creates an Execution so that doing it again is harmless, for everything that creates them (the rules engine, the
 * workflow engine): the Execution's name is derived from what caused it, so a repeat names the same one. Order: the
 * Secret with its secret parameter values first (the Execution never exists without it), then the Execution (409 =
 * an earlier attempt created it: that one is returned, if it is the same one), then the Secret's owner reference.
 * What a creator names and labels is its own (rules/ExecutionFactory, workflow/WorkflowEngine); the Secret's shape is
 * {@link SecretParameters}.
 */
@ApplicationScoped
public class ExecutionCreator {

    /** What creating gave: the Execution (null when a namesake vanished meanwhile) and whether this call made it. */
    public record Created(Execution execution, boolean created) {}

    /** A step failed; {@link #what} says which ("create Execution ns/name"), the cause is the API server's answer. */
    public static final class CreateException extends RuntimeException {
        private final String what;
        private final boolean execution;

        CreateException(String what, boolean execution, KubernetesClientException cause) {
            super("cannot " + what + ": " + cause.getMessage(), cause);
            this.what = what;
            this.execution = execution;
        }

        public String what() {
            return "cannot " + what;
        }

        /** True when the Execution itself was refused (the Secret, if any, was created and is not owned yet). */
        public boolean isExecutionRefused() {
            return execution;
        }

        @Override
        public synchronized KubernetesClientException getCause() {
            return (KubernetesClientException) super.getCause();
        }
    }

    private final KubernetesClient client;

    public ExecutionCreator(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param parameters the Secret of its secret parameter values, or null
     * @param sameOne    whether an existing namesake is the one an earlier attempt created; one that is not is an
     *                   {@link IllegalStateException} (a leftover of something else: retry once it is gone)
     */
    public Created create(Execution draft, Secret parameters, Predicate<Execution> sameOne) {
        if (parameters != null) {
            createIfAbsent(parameters);
        }
        Execution execution;
        boolean created;
        try {
            execution = client.resource(draft).create();
            created = true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != ApiErrors.CONFLICT) {
                throw new CreateException("create Execution " + describe(draft), true, e);
            }
            execution = read(draft);
            created = false;
            if (execution != null && !sameOne.test(execution)) {
                throw new IllegalStateException("Execution " + describe(draft) + " exists but is not the one this "
                        + "creates (uid " + execution.getMetadata().getUid() + "): a namesake's leftover");
            }
        }
        if (parameters != null && execution != null) {
            ensureOwned(parameters, execution);
        }
        return new Created(execution, created);
    }

    /** The secret values of an Execution that will never exist must not stay behind. */
    public void discard(Secret parameters) {
        try {
            client.resource(parameters).delete();
        } catch (KubernetesClientException e) {
            throw new CreateException("delete Secret " + describe(parameters) + " of a rejected Execution", false, e);
        }
    }

    /** {@code object} with {@code owner} as its controller, so the garbage collector deletes it with the Execution. */
    public static Secret ownedBy(Secret object, Execution owner) {
        return new SecretBuilder(object)
                .editMetadata()
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(Names.API_VERSION)
                        .withKind("Execution")
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(false)
                        .build())
                .endMetadata()
                .build();
    }

    private void createIfAbsent(Secret secret) {
        try {
            client.resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != ApiErrors.CONFLICT) {
                throw new CreateException("create Secret " + describe(secret), false, e);
            }
        }
    }

    private void ensureOwned(Secret draft, Execution execution) {
        try {
            Secret current = client.resource(draft).get();
            boolean owned = current != null
                    && current.getMetadata().getOwnerReferences() != null
                    && current.getMetadata().getOwnerReferences().stream()
                            .anyMatch(owner -> execution.getMetadata().getUid().equals(owner.getUid()));
            if (current != null && !owned) {
                client.resource(draft).edit(secret -> ownedBy(secret, execution));
            }
        } catch (KubernetesClientException e) {
            throw new CreateException("set the owner of Secret " + describe(draft), false, e);
        }
    }

    private Execution read(Execution draft) {
        try {
            return client.resource(draft).get();
        } catch (KubernetesClientException e) {
            throw new CreateException("read Execution " + describe(draft), false, e);
        }
    }

    private static String describe(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
