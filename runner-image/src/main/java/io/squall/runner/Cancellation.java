package io.squall.runner;

/**
 * The runner was asked to stop (SIGTERM: the Job was deleted or the execution canceled). The running
 * step registers how to stop itself; a cancel that comes before registration stops it as soon as it registers.
 */
public final class Cancellation {
    private boolean canceled;
    private Runnable onCancel;

    public void cancel() {
        Runnable action;
        synchronized (this) {
            if (canceled) {
                return;
            }
            canceled = true;
            action = onCancel;
        }
        if (action != null) {
            action.run();
        }
    }

    public synchronized boolean isCanceled() {
        return canceled;
    }

    /** Registers how to stop the current step (replacing any earlier one); runs it now if already canceled. */
    public void onCancel(Runnable action) {
        boolean runNow;
        synchronized (this) {
            onCancel = action;
            runNow = canceled;
        }
        if (runNow) {
            action.run();
        }
    }

    /** The step finished; a later cancel has nothing to stop. */
    public synchronized void clear() {
        onCancel = null;
    }
}
