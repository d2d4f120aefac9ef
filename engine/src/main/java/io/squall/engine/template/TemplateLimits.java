package io.squall.engine.template;

import java.time.Duration;

/**
 * The bounds of one rendering. Templates are written by namespace users (Rules, Actions, Workflows) and render in
 * the operator, so none may use more than these; a template that would fails with a {@link TemplateException}
 * naming the limit, and only its own Execution fails.
 *
 * @param maxOutputChars    characters a rendering, and any string built while rendering, may hold
 * @param maxRange          values {@code range()} may produce
 * @param maxCollectionSize elements a list or dict built while rendering may hold (also {@code batch}, {@code slice})
 * @param maxMacroDepth     macro calls nested in one another (recursion included)
 * @param maxNesting        tags nested in one another ({@code if}, {@code for}, ...)
 * @param renderTimeout     wall-clock time one rendering may take
 */
public record TemplateLimits(
        int maxOutputChars,
        int maxRange,
        int maxCollectionSize,
        int maxMacroDepth,
        int maxNesting,
        Duration renderTimeout) {

    public static final TemplateLimits DEFAULTS =
            new TemplateLimits(1 << 20, 10_000, 10_000, 20, 100, Duration.ofSeconds(2));

    public TemplateLimits {
        if (maxOutputChars < 1 || maxRange < 1 || maxCollectionSize < 1 || maxMacroDepth < 1 || maxNesting < 1) {
            throw new IllegalArgumentException("template limits must be at least 1");
        }
        if (renderTimeout == null || renderTimeout.isNegative() || renderTimeout.isZero()) {
            throw new IllegalArgumentException("renderTimeout must be positive, got " + renderTimeout);
        }
    }

    public TemplateLimits withRenderTimeout(Duration timeout) {
        return new TemplateLimits(maxOutputChars, maxRange, maxCollectionSize, maxMacroDepth, maxNesting, timeout);
    }
}
