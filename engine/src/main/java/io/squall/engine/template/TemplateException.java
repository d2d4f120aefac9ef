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

    /** How much of a template a message quotes: enough to find it, not a whole script in a status field. */
    static final int SHOWN_CHARS = 300;

    private static String shown(String template) {
        return template == null || template.length() <= SHOWN_CHARS
                ? template
                : template.substring(0, SHOWN_CHARS) + "... (" + template.length() + " characters)";
    }

    static TemplateException undefined(String template, String variable) {
        return new TemplateException(
                "template '" + shown(template) + "' references undefined variable '" + variable + "'",
                template,
                variable,
                null);
    }

    static TemplateException failed(String template, String reason, Throwable cause) {
        return new TemplateException(
                "template '" + shown(template) + "' cannot be rendered: " + reason, template, null, cause);
    }

    public String template() {
        return template;
    }

    /** The missing variable, or null when the template failed for another reason. */
    public String undefinedVariable() {
        return undefinedVariable;
    }
}
