package io.squall.runner;

/** The request file is missing or unusable: no result can be addressed, so the runner exits with code 2. */
public class InvalidRequestException extends Exception {
    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
