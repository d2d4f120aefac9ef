package io.squall.cli.pack;

import java.util.ArrayList;
import java.util.List;

/** What a pack import could not carry over, what will not run as it is, and what it changed: nothing goes unsaid. */
public final class ImportReport {
    public enum Kind {
        /** Not converted: no manifest was written for it. */
        LEFT_OUT("left out"),
        /** Converted, but it will not run as written until the reason is dealt with. */
        NOT_RUNNABLE("not runnable"),
        /** Converted, with a difference the user should know. */
        CHANGED("changed");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One finding: the pack file it is about, the thing (action, rule, ...), and why. */
    public record Entry(Kind kind, String file, String what, String reason) {
        @Override
        public String toString() {
            return kind.label + ": " + file + ": " + what + ": " + reason;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> written = new ArrayList<>();

    void leftOut(String file, String what, String reason) {
        entries.add(new Entry(Kind.LEFT_OUT, file, what, reason));
    }

    void notRunnable(String file, String what, String reason) {
        entries.add(new Entry(Kind.NOT_RUNNABLE, file, what, reason));
    }

    void changed(String file, String what, String reason) {
        entries.add(new Entry(Kind.CHANGED, file, what, reason));
    }

    /** A manifest written: "Action pack-name (from actions/x.yaml)". */
    void converted(String description) {
        written.add(description);
    }

    public List<Entry> entries(Kind kind) {
        return entries.stream().filter(e -> e.kind() == kind).toList();
    }

    /** True when everything was converted and runs as written (changes aside). */
    public boolean complete() {
        return entries.stream().allMatch(e -> e.kind() == Kind.CHANGED);
    }

    /** The report as the command prints it and writes it to OUTDIR/import-report.txt. */
    public String text(String pack, String outDir) {
        StringBuilder sb = new StringBuilder();
        sb.append("StackStorm pack '")
                .append(pack)
                .append("' imported into ")
                .append(outDir)
                .append(" (kubectl apply -k ")
                .append(outDir)
                .append(")\n");
        sb.append("converted (").append(written.size()).append("):\n");
        written.forEach(w -> sb.append("  ").append(w).append('\n'));
        for (Kind kind : Kind.values()) {
            List<Entry> of = entries(kind);
            sb.append(kind.label)
                    .append(" (")
                    .append(of.size())
                    .append(")")
                    .append(of.isEmpty() ? "" : ":")
                    .append('\n');
            of.forEach(e -> sb.append("  ")
                    .append(e.file())
                    .append(": ")
                    .append(e.what())
                    .append(": ")
                    .append(e.reason())
                    .append('\n'));
        }
        sb.append(
                complete()
                        ? "complete: everything was converted\n"
                        : "incomplete: " + entries(Kind.LEFT_OUT).size() + " left out, "
                                + entries(Kind.NOT_RUNNABLE).size() + " not runnable as written\n");
        return sb.toString();
    }
}
