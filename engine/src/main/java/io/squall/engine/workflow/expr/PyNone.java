package io.squall.engine.workflow.expr;

import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * Python's None as a function result in Jinja, so that an attribute of it is Jinja's Undefined ("'None' has no
 * attribute 'x'") instead of Jinjava's silent null. Falsy; evaluates back to null.
 */
public enum PyNone implements HasObjectTruthValue {
    INSTANCE;

    @Override
    public boolean getObjectTruthValue() {
        return false;
    }

    @Override
    public String toString() {
        return "None";
    }
}
