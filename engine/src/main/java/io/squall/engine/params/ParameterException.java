package io.squall.engine.params;

/** A parameter that cannot be resolved; the message always names the parameter. */
public class ParameterException extends RuntimeException {
    private final String parameter;

    public ParameterException(String parameter, String message) {
        this(parameter, message, null);
    }

    public ParameterException(String parameter, String message, Throwable cause) {
        super(parameter == null ? message : "parameter '" + parameter + "': " + message, cause);
        this.parameter = parameter;
    }

    /** The parameter at fault (null for errors about several, such as a dependency cycle). */
    public String parameter() {
        return parameter;
    }
}
