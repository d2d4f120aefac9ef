package io.squall.engine.workflow.expr;

import io.squall.engine.workflow.WorkflowException;
import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Jinja's StrictUndefined for Jinjava's attribute access on workflow values: a missing key or an attribute of a
 * non-dict yields an {@link Undefined}; using an Undefined further raises Jinja's UndefinedError. No bean
 * properties are ever read: workflow values are plain JSON-like data, nothing else is reachable.
 */
final class StrictResolver extends ELResolver {
    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        io.squall.engine.template.RenderBudget.check();
        if (base == null) {
            return null;
        }
        if (base instanceof Undefined u) {
            WorkflowException e = new WorkflowException("UndefinedError", u.hint());
            JinjaFunctions.recordError(e);
            throw e;
        }
        if (base == PyNone.INSTANCE) {
            context.setPropertyResolved(true);
            return new Undefined("'None' has no attribute '" + property + "'");
        }
        if (base instanceof List<?> && property instanceof Number) {
            return null; // indexes: Jinjava's list resolver
        }
        context.setPropertyResolved(true);
        if (base instanceof Map<?, ?> m) {
            Object key =
                    property instanceof Number n ? (Object) String.valueOf(n.longValue()) : String.valueOf(property);
            if (m.containsKey(key)) {
                return m.get(key);
            }
            return new Undefined("'dict object' has no attribute '" + property + "'");
        }
        return new Undefined("'" + pyType(base) + "' has no attribute '" + property + "'");
    }

    static String pyType(Object o) {
        if (o instanceof String) {
            return "str object";
        }
        if (o instanceof List) {
            return "list object";
        }
        if (o instanceof Boolean) {
            return "bool object";
        }
        if (o instanceof Long || o instanceof Integer) {
            return "int object";
        }
        if (o instanceof Number) {
            return "float object";
        }
        return "object";
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: templates never change workflow data
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return Object.class;
    }
}
