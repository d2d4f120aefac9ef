package io.squall.cli.cluster;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.squall.api.messages.MalformedMessageException;
import io.squall.api.messages.OutputEvent;
import io.squall.api.messages.Subjects;
import io.squall.cli.ClusterException;
import io.squall.cli.NatsOptions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prints the runners' live output (core NATS {@link Subjects#output}) of the executions followed: stdout to
 * {@code out}, stderr to {@code err}, a workflow task's lines prefixed with {@code [task]}. It subscribes to the
 * whole namespace before the Execution is created (its name is only known then), keeps what arrives for names not
 * followed yet (bounded), and records in {@link StreamedOutput} what arrived, so the result shows only the rest.
 */
final class LiveOutputPrinter implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final int KEPT_UNFOLLOWED = 1000;

    private record Pending(String execution, OutputEvent event) {}

    /** Per execution and stream: where its last line stopped, and a UTF-8 character cut between chunks. */
    private static final class Printing {
        boolean atLineStart = true;
        byte[] carry = new byte[0];
    }

    private final Connection connection;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Object console;
    private final boolean terminal;
    private final StreamedOutput streamed = new StreamedOutput();
    /** Followed execution to its label (null for the one run). */
    private final Map<String, String> followed = new HashMap<>();

    private final Deque<Pending> unfollowed = new ArrayDeque<>();
    private final Map<String, Printing> printing = new HashMap<>();

    private LiveOutputPrinter(
            Connection connection, PrintWriter out, PrintWriter err, Object console, boolean terminal) {
        this.connection = connection;
        this.out = out;
        this.err = err;
        this.console = console;
        this.terminal = terminal;
    }

    /**
     * Subscribed and ready, or empty (with one line on {@code err}) when NATS cannot be reached: the output then
     * comes with the result only. {@code console} is the lock the progress lines are printed under.
     */
    static Optional<LiveOutputPrinter> subscribe(
            NatsOptions nats, String namespace, PrintWriter out, PrintWriter err, Object console, boolean terminal) {
        Connection connection;
        try {
            connection = nats.connect(CONNECT_TIMEOUT);
        } catch (ClusterException e) {
            err.println("[squall] no live output (" + e.getMessage() + "): the output comes with the result");
            err.flush();
            return Optional.empty();
        }
        LiveOutputPrinter printer = new LiveOutputPrinter(connection, out, err, console, terminal);
        Dispatcher dispatcher = connection.createDispatcher(printer::onMessage);
        dispatcher.subscribe(Subjects.outputOfNamespace(namespace));
        try {
            connection.flush(CONNECT_TIMEOUT); // the subscription is in place on the server before we go on
        } catch (Exception e) {
            err.println("[squall] no live output (NATS at " + nats.server() + " did not confirm the subscription: " + e
                    + "): the output comes with the result");
            printer.close();
            return Optional.empty();
        }
        return Optional.of(printer);
    }

    /** Prints the output of {@code execution} from now on (and what arrived for it already); label null for the root. */
    synchronized void follow(String execution, String label) {
        if (followed.containsKey(execution)) {
            return;
        }
        followed.put(execution, label);
        for (Pending p : unfollowed.toArray(Pending[]::new)) {
            if (p.execution().equals(execution)) {
                unfollowed.remove(p);
                show(p.execution(), p.event());
            }
        }
    }

    StreamedOutput streamed() {
        return streamed;
    }

    private synchronized void onMessage(Message message) {
        String subject = message.getSubject();
        String execution = subject.substring(subject.lastIndexOf('.') + 1);
        OutputEvent event;
        try {
            event = OutputEvent.from(message);
        } catch (MalformedMessageException e) {
            err.println("[squall] ignored a live output message on " + subject + ": " + e.getMessage());
            err.flush();
            return;
        }
        if (followed.containsKey(execution)) {
            show(execution, event);
            return;
        }
        if (unfollowed.size() == KEPT_UNFOLLOWED) {
            unfollowed.removeFirst();
        }
        unfollowed.addLast(new Pending(execution, event));
    }

    private void show(String execution, OutputEvent event) {
        if (event instanceof OutputEvent.End end) {
            streamed.end(execution, end);
        } else if (event instanceof OutputEvent.Notice notice) {
            print(err, prefix(execution) + notice.text() + "\n");
        } else if (event instanceof OutputEvent.Chunk chunk && streamed.chunk(execution, chunk)) {
            OutputEvent.Stream stream = chunk.stream();
            Printing state = printing.computeIfAbsent(execution + "/" + stream, k -> new Printing());
            byte[] bytes = new byte[state.carry.length + chunk.data().length];
            System.arraycopy(state.carry, 0, bytes, 0, state.carry.length);
            System.arraycopy(chunk.data(), 0, bytes, state.carry.length, chunk.data().length);
            int complete = completeUtf8(bytes);
            state.carry = java.util.Arrays.copyOfRange(bytes, complete, bytes.length);
            String text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
            print(stream == OutputEvent.Stream.stdout ? out : err, labelled(execution, state, text));
        }
    }

    /** The text with {@code [task] } at the start of each of its lines, for a task's execution. */
    private String labelled(String execution, Printing state, String text) {
        String prefix = prefix(execution);
        if (prefix.isEmpty() || text.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (state.atLineStart) {
                b.append(prefix);
            }
            char c = text.charAt(i);
            b.append(c);
            state.atLineStart = c == '\n';
        }
        return b.toString();
    }

    private String prefix(String execution) {
        String label = followed.get(execution);
        return label == null ? "" : "[" + label + "] ";
    }

    private void print(PrintWriter to, String text) {
        synchronized (console) {
            if (terminal) {
                out.print("\r\033[K"); // off with the spinner line; the follower draws it again
                out.flush();
            }
            to.print(text);
            to.flush();
        }
    }

    /** How many leading bytes are whole UTF-8 characters (a character cut between chunks waits for its rest). */
    static int completeUtf8(byte[] bytes) {
        for (int back = 1; back <= Math.min(3, bytes.length); back++) {
            int b = bytes[bytes.length - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for the lead
            }
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? bytes.length - back : bytes.length;
        }
        return bytes.length;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
