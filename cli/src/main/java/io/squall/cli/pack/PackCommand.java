package io.squall.cli.pack;

import io.squall.cli.ExitCodes;
import io.squall.cli.UsageException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code squall pack import}: a StackStorm pack as Squall manifests, offline. */
@Command(
        name = "pack",
        mixinStandardHelpOptions = true,
        description = "StackStorm packs: pack import.",
        subcommands = PackCommand.Import.class)
public final class PackCommand implements Runnable {
    @Override
    public void run() {
        throw UsageException.arguments("pack needs a command: import");
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Converts a StackStorm pack (a directory or a git checkout: pack.yaml, config.schema.yaml, "
                        + "actions/, actions/workflows/, rules/, policies/) into Squall manifests and a "
                        + "kustomization.yaml: kubectl apply -k OUTDIR.",
                "Prints a report of what was converted, what was left out and why, what will not run as written, "
                        + "and what changed; OUTDIR/import-report.txt holds the same."
            },
            footer = {
                "",
                "Exit status: 0 when everything was converted, 1 when something was left out or will not "
                        + "run as written, 2 for bad usage or an unreadable pack."
            })
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "the pack directory (holds pack.yaml)")
        Path dir;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "OUTDIR",
                description = "where the manifests go (default: ./PACK-squall)")
        Path outDir;

        @Option(
                names = {"-n", "--namespace"},
                paramLabel = "N",
                description = "the namespace kustomization.yaml puts everything in (default: kubectl's)")
        String namespace;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ImportedPack imported = PackImporter.importPack(dir);
            Path out = outDir != null ? outDir : Path.of(PackNames.resource(imported.pack) + "-squall");
            String report = ImportOutput.write(imported, dir, out, namespace);
            spec.commandLine().getOut().print(report);
            spec.commandLine().getOut().flush();
            return imported.report().complete() ? ExitCodes.OK : ExitCodes.NOT_SUCCEEDED;
        }
    }
}
