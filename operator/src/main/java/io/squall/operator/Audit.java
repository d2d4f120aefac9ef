package io.squall.operator;

import org.jboss.logging.Logger;

/**
 * The audit log: logger {@value #LOGGER}, one line for each thing Squall did on its own account (a rule enforced,
 * an Execution's phase changed, a workflow or task moved, a datastore write, an injected trigger, an inquiry
 * answered, a trigger dead-lettered), with the ids a log pipeline needs to tie them together (namespace, execution,
 * rule, trigger, parent). Route or silence it by this logger name.
 */
public final class Audit {

    public static final String LOGGER = "squall.audit";
    public static final Logger LOG = Logger.getLogger(LOGGER);

    private Audit() {}
}
