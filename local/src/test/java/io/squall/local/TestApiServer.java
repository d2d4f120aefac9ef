package io.squall.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The real API server of these tests: binaries from SQUALL_KUBE_API_TEST_DIR (CI sets it), as in system-tests. */
final class TestApiServer {

    private TestApiServer() {
    }

    static LocalApiServer start(Path workDir) throws IOException {
        return LocalApiServer.start(workDir, Optional.ofNullable(System.getenv("SQUALL_KUBE_API_TEST_DIR"))
                .filter(s -> !s.isBlank()).map(Path::of));
    }
}
