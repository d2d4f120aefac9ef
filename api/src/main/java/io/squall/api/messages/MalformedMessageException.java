package io.squall.api.messages;

/** A wire message that cannot be parsed or lacks a required field; it belongs on the dead-letter subject. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
