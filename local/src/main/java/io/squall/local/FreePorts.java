package io.squall.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers that a process started later binds (nats-server, a sensor's HTTP port). A port
 * from {@code bind(0)} lies in the kernel's ephemeral range, which every outgoing connection draws from too (and
 * kube-api-test picks its ports from 49152 up): in the seconds before the server binds it, a connection of the
 * API server, the operator or a test may take it. So the ports come from below that range, and this JVM never hands
 * out the same port twice.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default ephemeral range, when /proc does not say. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32768;
    /** Below the well-known services that listen in the 1024-10000 band on developer machines. */
    private static final int LOWEST = 10000;

    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A loopback port nothing listens on, below the ephemeral range and not handed out before by this JVM. */
    public static int next() {
        int highest = ephemeralLow() - 1;
        if (highest - LOWEST >= 1000) {
            for (int i = 0; i < ATTEMPTS; i++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
                if (isFree(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        // no room below the ephemeral range (a tuned kernel): the kernel's choice
        return fromKernel();
    }

    /** The first port of the kernel's ephemeral range. */
    static int ephemeralLow() {
        try {
            // readAllLines, not readString: /proc files report size 0, and readString then returns a single byte here
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    /** Bound on every address, as a server that listens on 0.0.0.0 (the sensors' Quarkus) needs it. */
    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, null)) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static int fromKernel() {
        for (int i = 0; i < ATTEMPTS; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port", e);
            }
        }
        throw new IllegalStateException(
                "no free port: " + ATTEMPTS + " ports from the kernel were all handed out before");
    }
}
