package io.squall.engine.yaql;

/** YAQL's exceptions ({@code yaql/language/exceptions.py}) with their exact messages, and Python's built-in ones. */
final class Errors {
    private Errors() {}

    static YaqlError error(String kind, String message) {
        return new YaqlError(kind, message);
    }

    static YaqlError noFunction(String name) {
        return error("NoFunctionRegisteredException", "Unknown function \"" + name + "\"");
    }

    static YaqlError noMethod(String name, Object receiver) {
        return error(
                "NoMethodRegisteredException",
                "Unknown method \"" + name + "\" for receiver " + PyRepr.receiver(receiver));
    }

    static YaqlError noMatchingFunction(String name) {
        return error("NoMatchingFunctionException", "No function \"" + name + "\" matches supplied arguments");
    }

    static YaqlError noMatchingMethod(String name, Object receiver) {
        return error(
                "NoMatchingMethodException",
                "No method \"" + name + "\" for receiver " + PyRepr.receiver(receiver) + " matches supplied arguments");
    }

    static YaqlError mappingTranslation() {
        return error("MappingTranslationException", "Cannot convert mapping to keyword argument");
    }

    /** Python's {@code KeyError(key)}: its str() is the key's repr. */
    static YaqlError keyError(Object key) {
        return error("KeyError", PyRepr.repr(key));
    }

    static YaqlError typeError(String message) {
        return error("TypeError", message);
    }

    static YaqlError valueError(String message) {
        return error("ValueError", message);
    }

    static YaqlError limit(String message) {
        return error(YaqlEvaluationException.LIMIT_EXCEEDED, message);
    }
}
