package io.squall.engine.cli;

/** Bad arguments or unusable input files: the CLI prints the message and exits with status 2. */
class UsageException extends RuntimeException {
    private final boolean showUsage;

    private UsageException(String message, boolean showUsage, Throwable cause) {
        super(message, cause);
        this.showUsage = showUsage;
    }

    /** Wrong arguments: the usage text follows the message. */
    static UsageException arguments(String message) {
        return new UsageException(message, true, null);
    }

    /** An input file that cannot be used. */
    static UsageException input(String message, Throwable cause) {
        return new UsageException(message, false, cause);
    }

    boolean showUsage() {
        return showUsage;
    }
}
