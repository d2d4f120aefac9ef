package io.squall.engine.workflow.expr;

import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * Python's None as a function result in Jinja, so that an attribute of it is Jinja's Undefined ("'None' has no
 * attribute 'x'") instead of Jinjava's silent null. Falsy; evaluates back to null.
 */
enum PyNone implements HasObjectTruthValue {
    INSTANCE;

    /** A Jinjava result in the workflow value model: PyNone (at any depth) back to null, then normalised. */
    static Object toValue(Object v) {
        if (v == INSTANCE) {
            return null;
        }
        if (v instanceof java.util.Map<?, ?> m) {
            java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, toValue(x)));
            return io.squall.engine.workflow.Values.normalize(out);
        }
        if (v instanceof java.util.Collection<?> c) {
            java.util.List<Object> out = new java.util.ArrayList<>(c.size());
            c.forEach(x -> out.add(toValue(x)));
            return io.squall.engine.workflow.Values.normalize(out);
        }
        return io.squall.engine.workflow.Values.normalize(v);
    }

    @Override
    public boolean getObjectTruthValue() {
        return false;
    }

    @Override
    public String toString() {
        return "None";
    }
}
