package io.squall.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths inside the Squall repository, wherever Maven was started from. */
public final class SquallRepository {

    private static final Path ROOT = locateRoot();

    private SquallRepository() {}

    public static Path root() {
        return ROOT;
    }

    public static Path crds() {
        return ROOT.resolve("crds");
    }

    public static Path chart() {
        return ROOT.resolve("helm/squall");
    }

    public static Path examples() {
        return ROOT.resolve("packs/examples");
    }

    public static Path packs() {
        return ROOT.resolve("packs");
    }

    public static Path operatorJar() {
        return ROOT.resolve("operator/target/quarkus-app/quarkus-run.jar");
    }

    /**
     * The surefire property squall.root is Maven's multi-module directory, which is the module itself
     * when Maven runs inside system-tests; walk up to the directory that holds crds/ and the chart.
     */
    private static Path locateRoot() {
        Path start = Path.of(System.getProperty("squall.root", System.getProperty("user.dir")))
                .toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("crds")) && Files.isDirectory(dir.resolve("helm/squall"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No Squall repository (crds/ and helm/squall/) at or above " + start);
    }
}
