package io.squall.cli;

import io.squall.cli.cluster.ExecutionCommand;
import io.squall.cli.cluster.RunCommand;
import io.squall.cli.cluster.Terminal;
import io.squall.cli.cluster.TraceCommand;
import io.squall.cli.kv.KvCommand;
import io.squall.cli.offline.RuleCommand;
import io.squall.cli.offline.WorkflowCommand;
import io.squall.cli.pack.PackCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code bin/squall}. The offline tools (rule test, workflow rehearse|inspect|graph, pack import)
 * need no cluster and no NATS; run and execution use the kubeconfig as kubectl does.
 */
@Command(
        name = "squall",
        mixinStandardHelpOptions = true,
        versionProvider = SquallCli.Version.class,
        description = "Squall's command line: StackStorm's st2 for Squall.",
        subcommands = {
            RunCommand.class,
            ExecutionCommand.class,
            RuleCommand.class,
            WorkflowCommand.class,
            PackCommand.class,
            KvCommand.class,
            TraceCommand.class
        })
public final class SquallCli implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Terminal.interactive(System.console() != null);
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit status ({@link ExitCodes}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            return commandLine(outWriter, errWriter).execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The command tree with squall's error handling: the message, then the usage of the command that was wrong. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SquallCli());
        AutoComplete.GenerateCompletion completion = new AutoComplete.GenerateCompletion();
        cli.addSubcommand("completion", completion);
        CommandLine completionCommand = cli.getSubcommands().get("completion");
        completionCommand
                .getCommandSpec()
                .usageMessage()
                .hidden(false)
                .description("Prints a bash/zsh completion script: source <(bin/squall completion)");
        completionCommand.getCommandSpec().name("completion").mixinStandardHelpOptions(true);
        lowerCaseUsageHeading(cli);
        cli.getCommandSpec().usageMessage().footer(footer());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(SquallCli::badArguments);
        cli.setExecutionExceptionHandler(SquallCli::failed);
        return cli;
    }

    private static String[] footer() {
        List<String> lines = new ArrayList<>(List.of(""));
        lines.addAll(List.of(ExitCodes.HELP));
        lines.addAll(List.of(
                "",
                "`bin/squall doctor` (plain bash): what this machine and the cluster lack.",
                "Shell completion: source <(bin/squall completion)"));
        return lines.toArray(String[]::new);
    }

    private static void lowerCaseUsageHeading(CommandLine cli) {
        cli.getCommandSpec().usageMessage().synopsisHeading("usage: ");
        cli.getSubcommands().values().forEach(SquallCli::lowerCaseUsageHeading);
    }

    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("squall: " + UsageMessages.of(e));
        e.getCommandLine().usage(err);
        return ExitCodes.USAGE;
    }

    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        PrintWriter err = command.getErr();
        if (e instanceof UsageException u) {
            err.println("squall: " + u.getMessage());
            if (u.showUsage()) {
                command.usage(err);
            }
            return ExitCodes.USAGE;
        }
        if (e instanceof ClusterException c) {
            err.println("squall: " + c.getMessage());
            return ExitCodes.CLUSTER;
        }
        err.println("squall: internal error, please report it:");
        e.printStackTrace(err);
        return ExitCodes.INTERNAL;
    }

    @Override
    public void run() {
        throw UsageException.arguments("missing command");
    }

    /** The version Maven built (the jar's manifest), or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SquallCli.class.getPackage().getImplementationVersion();
            return new String[] {"squall " + (version == null ? "development" : version)};
        }
    }
}
