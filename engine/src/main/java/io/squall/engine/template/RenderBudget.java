package io.squall.engine.template;

/**
 * The limits of the rendering running on this thread, checked by the sandbox's hooks (every node, property, method
 * and filter; every 4096 characters a regular expression reads). The first limit hit is kept: Jinjava turns some
 * exceptions into recorded errors and carries on, so the renderer asks the budget afterwards and fails the
 * rendering with that message whatever Jinjava did with the exception.
 */
public final class RenderBudget implements AutoCloseable {
    private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();

    /** A limit was hit; the rendering ends. */
    public static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }

    private final TemplateLimits limits;
    private final long deadline;
    private final RenderBudget previous;
    private volatile String exceeded;

    private RenderBudget(TemplateLimits limits, RenderBudget previous) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.renderTimeout().toNanos();
        this.previous = previous;
    }

    /** Starts the budget of a rendering on this thread (also used by the workflow engine's Jinja evaluator). */
    public static RenderBudget start(TemplateLimits limits) {
        RenderBudget budget = new RenderBudget(limits, CURRENT.get());
        CURRENT.set(budget);
        return budget;
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** The limits in force on this thread, or null outside a rendering. */
    static TemplateLimits limits() {
        RenderBudget budget = CURRENT.get();
        return budget == null ? null : budget.limits;
    }

    /** The first limit this rendering hit, or null. */
    public String exceeded() {
        return exceeded;
    }

    /** Throws when the rendering on this thread is over its time or has hit a limit before. */
    public static void check() {
        RenderBudget budget = CURRENT.get();
        if (budget != null) {
            budget.checkTime();
        }
    }

    private void checkTime() {
        if (exceeded != null) {
            throw new Exceeded(exceeded);
        }
        if (System.nanoTime() - deadline > 0) {
            fail("rendering took longer than the limit of "
                    + limits.renderTimeout().toMillis() + " ms");
        }
    }

    /** Records the limit (the first one stays) and ends the rendering. */
    static Exceeded exceed(String message) {
        RenderBudget budget = CURRENT.get();
        if (budget == null) {
            return new Exceeded(message);
        }
        return budget.fail(message);
    }

    private Exceeded fail(String message) {
        if (exceeded == null) {
            exceeded = message;
        }
        throw new Exceeded(exceeded);
    }

    /** The text, for a regular expression to read: checks the budget as it is read, so no pattern runs forever. */
    static CharSequence watched(String text) {
        return CURRENT.get() == null ? text : new Watched(text);
    }

    private static final class Watched implements CharSequence {
        private final String text;
        private int reads;

        Watched(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0) {
                check();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Watched(text.substring(start, end));
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
