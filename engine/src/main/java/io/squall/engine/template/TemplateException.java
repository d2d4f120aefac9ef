package io.squall.engine.template;

/**
 * A template that cannot be rendered. The message names the template and, for StrictUndefined errors, the missing
 * variable, e.g. {@code template '{{ trigger.body.nme }}' references undefined variable 'trigger.body.nme'}.
 */
public class TemplateException extends RuntimeException {
    private final String template;
    private final String undefinedVariable;

    private TemplateException(String message, String template, String undefinedVariable, Throwable cause) {
        super(message, cause);
        this.template = template;
        this.undefinedVariable = undefinedVariable;
    }

    static TemplateException undefined(String template, String variable) {
        return new TemplateException("template '" + template + "' references undefined variable '" + variable + "'",
                template, variable, null);
    }

    static TemplateException failed(String template, String reason, Throwable cause) {
        return new TemplateException("template '" + template + "' cannot be rendered: " + reason, template, null,
                cause);
    }

    public String template() {
        return template;
    }

    /** The missing variable, or null when the template failed for another reason. */
    public String undefinedVariable() {
        return undefinedVariable;
    }
}
