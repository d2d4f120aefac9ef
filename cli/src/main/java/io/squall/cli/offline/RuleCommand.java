package io.squall.cli.offline;

import io.squall.cli.UsageException;
import picocli.CommandLine.Command;

/** {@code squall rule ...}: rules, offline. */
@Command(
        name = "rule",
        mixinStandardHelpOptions = true,
        description = "Rules, offline: rule test.",
        subcommands = RuleTestCommand.class)
public final class RuleCommand implements Runnable {
    @Override
    public void run() {
        throw UsageException.arguments("rule needs a command: test");
    }
}
