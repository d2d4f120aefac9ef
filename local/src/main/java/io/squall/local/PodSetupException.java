package io.squall.local;

/**
 * A pod cannot be set up: a missing Secret, ConfigMap or key, or a volume or env source the local kubelet does
 * not support. Kubernetes reports the first ones as CreateContainerConfigError, so do the local executors.
 */
public final class PodSetupException extends RuntimeException {

    public static final String REASON = "CreateContainerConfigError";

    public PodSetupException(String message) {
        super(message);
    }
}
