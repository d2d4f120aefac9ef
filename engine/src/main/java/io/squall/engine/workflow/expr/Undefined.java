package io.squall.engine.workflow.expr;

/** Jinja's Undefined: what a missing key or attribute evaluates to, with the hint Jinja would raise later. */
record Undefined(String hint) {
    @Override
    public String toString() {
        return "";
    }
}
