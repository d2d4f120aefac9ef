package io.squall.operator.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The problems found in one resource, in the order they were found. */
public final class Validation {

    private final List<Problem> problems = new ArrayList<>();

    public Validation problem(String reason, String field, String message) {
        problems.add(new Problem(reason, field, message));
        return this;
    }

    public Validation addAll(Validation other) {
        problems.addAll(other.problems);
        return this;
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** The reason of the first problem; the Ready condition carries one reason. */
    public String reason() {
        return problems.isEmpty() ? null : problems.get(0).reason();
    }

    /** Every problem, each naming its field, separated by "; ". */
    public String message() {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return isValid() ? "valid" : message();
    }
}
