package io.squall.cli;

/** Bad arguments or unusable input files: the CLI prints the message and exits with {@link ExitCodes#USAGE}. */
public class UsageException extends RuntimeException {
    private final boolean showUsage;

    private UsageException(String message, boolean showUsage, Throwable cause) {
        super(message, cause);
        this.showUsage = showUsage;
    }

    /** Wrong arguments: the command's usage text follows the message. */
    public static UsageException arguments(String message) {
        return new UsageException(message, true, null);
    }

    /** An input file that cannot be used. */
    public static UsageException input(String message, Throwable cause) {
        return new UsageException(message, false, cause);
    }

    public boolean showUsage() {
        return showUsage;
    }
}
