package io.squall.cli;

/** The cluster could not be reached, refused a request, or has no such object: exit {@link ExitCodes#CLUSTER}. */
public class ClusterException extends RuntimeException {
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
