package io.squall.runner.action;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a script file: the interpreter of its {@code #!} line (with the one optional argument
 * the kernel allows), or bash. Starting the interpreter explicitly, not the file, keeps scripts working
 * when /tmp is mounted noexec.
 */
final class Interpreter {
    private Interpreter() {}

    static List<String> commandFor(String script, Path file) {
        List<String> command = new ArrayList<>();
        if (script.startsWith("#!")) {
            int end = script.indexOf('\n');
            String line = (end < 0 ? script.substring(2) : script.substring(2, end)).strip();
            int space = indexOfWhitespace(line);
            if (space < 0) {
                command.add(line);
            } else {
                command.add(line.substring(0, space));
                command.add(line.substring(space).strip());
            }
        } else {
            command.add("bash");
        }
        command.add(file.toString());
        return command;
    }

    private static int indexOfWhitespace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
