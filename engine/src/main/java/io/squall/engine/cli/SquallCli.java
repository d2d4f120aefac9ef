package io.squall.engine.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** Entry point of {@code bin/squall}: offline tools that need no cluster and no NATS (rule test, workflow rehearse|inspect|graph). */
public final class SquallCli {
    static final String USAGE = """
            usage: squall rule test --rule FILE --trigger FILE [--trigger FILE ...] [--action FILE] [--kv KEY=VALUE ...]
                                    [--rule-name NAME] [--action-name NAME]

            Tests a Rule manifest against trigger instances, offline (StackStorm's st2-rule-tester).
              --rule FILE      a Rule manifest (apiVersion squall.io/v1alpha1, kind Rule), YAML or JSON
              --trigger FILE   a trigger instance, JSON or YAML: the bare payload, or {type: ..., payload: ...}
              --action FILE    optional Action manifest: parameters are merged with its defaults, cast, checked
                               and secrets masked
              --kv KEY=VALUE   a datastore value for {{ kv.system.KEY }} (repeatable)
              --rule-name, --action-name NAME
                               pick a manifest by metadata.name from a multi-document file
            Prints one JSON object per trigger: {"trigger", "matched", "parameters" | "failedCriterion", "reason", "error"}.
            Exit status: 0 when every trigger was tested (matching or not), 2 for bad usage or unreadable files.

            usage: squall workflow rehearse SPEC [SPEC ...] [--json]
                   squall workflow inspect FILE [FILE ...] [--json]
                   squall workflow graph FILE [--format mermaid|dot]

            rehearse  Orquesta's orquesta-rehearse: runs the workflow of each rehearsal spec (workflow, inputs,
                      mock_action_executions, expected_task_sequence, expected_routes, expected_workflow_status,
                      expected_output, expected_errors, expected_term_tasks, expected_inspection_errors) and prints
                      what ran and each expectation that does not hold. Exit 0 when all hold, 1 when one does not.
            inspect   Orquesta's inspection of an Orquesta workflow file or a Squall Workflow manifest: syntax,
                      semantics, expressions, context. Exit 0 when clean, 1 with errors listed.
            graph     The task graph as a Mermaid flowchart (default) or Graphviz DOT.
            Exit status 2 for bad usage or an unreadable file.
            """;

    private SquallCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length >= 2 && args[0].equals("rule") && args[1].equals("test")) {
                return new RuleTestCommand(RuleTestCommand.Options.parse(Arrays.copyOfRange(args, 2, args.length)))
                        .run(out);
            }
            if (args.length >= 1 && args[0].equals("workflow")) {
                return new WorkflowCommand().run(Arrays.copyOfRange(args, 1, args.length), out);
            }
            if (args.length >= 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
                out.print(USAGE);
                return 0;
            }
            throw UsageException.arguments(args.length == 0 ? "missing command"
                    : "unknown command: " + String.join(" ", args));
        } catch (UsageException e) {
            err.println("squall: " + e.getMessage());
            if (e.showUsage()) {
                err.print(USAGE);
            }
            return 2;
        }
    }
}
