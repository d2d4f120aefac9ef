package io.squall.cli;

import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Picocli's parse errors in squall's words ("unknown option: --x", "--rule needs a value"), as before picocli. */
final class UsageMessages {
    private UsageMessages() {}

    static String of(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            return first.startsWith("-")
                    ? "unknown option: " + first
                    : "unknown command: " + String.join(" ", u.getUnmatched());
        }
        if (e instanceof MissingParameterException m
                && !m.getMissing().isEmpty()
                && !String.valueOf(m.getMessage()).startsWith("Missing required option")) {
            ArgSpec missing = m.getMissing().get(0);
            return missing instanceof OptionSpec option
                    ? option.longestName() + " needs a value"
                    : "missing " + missing.paramLabel();
        }
        return e.getMessage();
    }
}
