package io.squall.operator;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** How the operator reads API server errors (the rules engine, executions, workflows, the datastore, inquiries). */
public final class ApiErrors {

    public static final int NOT_FOUND = 404;
    /** AlreadyExists on a create, a stale resourceVersion on an update. */
    public static final int CONFLICT = 409;

    private ApiErrors() {}

    /**
     * Errors that a later attempt cannot fix: the request itself is wrong (400 Bad Request, 422 Invalid, e.g.
     * the Execution fails the CRD schema). Everything else — no HTTP answer at all (code -1 or 0), 401/403, 408,
     * 429, 5xx — may pass.
     */
    public static boolean isPermanent(KubernetesClientException e) {
        return e.getCode() == 400 || e.getCode() == 422;
    }

    public static String describe(KubernetesClientException e) {
        if (e.getCode() <= 0) {
            // no HTTP answer (Fabric8 says -1 or 0): the cause says why (connection refused, timeout, ...)
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "API server not answering: " + (root == e ? e.getMessage() : root.toString());
        }
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return "HTTP " + e.getCode() + ": " + reason;
    }
}
