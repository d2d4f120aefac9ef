package io.squall.systemtests;

import io.nats.NatsRunnerUtils;
import io.nats.NatsServerRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

/** A real nats-server with JetStream on a free loopback port, storing in a temporary directory. */
public final class NatsServer implements AutoCloseable {

  private final NatsServerRunner runner;
  private final Path storeDir;

  private NatsServer(NatsServerRunner runner, Path storeDir) {
    this.runner = runner;
    this.storeDir = storeDir;
  }

  public static NatsServer start() throws IOException {
    String executable = Stream.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server")
        .filter(path -> Files.isExecutable(Path.of(path)))
        .findFirst()
        .orElse("nats-server");
    Path storeDir = Files.createTempDirectory("squall-nats-");
    try {
      NatsServerRunner runner = NatsServerRunner.builder()
          .executablePath(executable)
          .port(NatsRunnerUtils.nextPort())
          .jetstream(true)
          .customArgs(List.of("-a", "127.0.0.1", "-sd", storeDir.toString()))
          .outputLevel(Level.WARNING)
          .build();
      return new NatsServer(runner, storeDir);
    } catch (IOException e) {
      deleteTree(storeDir);
      throw new IOException("nats-server (" + executable + ") did not start; install the Debian package nats-server", e);
    }
  }

  public String url() {
    return runner.getURI();
  }

  @Override
  public void close() throws Exception {
    try {
      runner.close();
    } finally {
      deleteTree(storeDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
