package io.squall.engine.template;

import com.hubspot.jinjava.el.TypeConvertingMapELResolver;
import com.hubspot.jinjava.el.ext.JinjavaBeanELResolver;
import com.hubspot.jinjava.el.ext.JinjavaListELResolver;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import com.hubspot.jinjava.objects.date.PyishDate;
import com.hubspot.jinjava.util.ForLoop;
import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.ArrayELResolver;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import jinjava.javax.el.MethodNotFoundException;
import jinjava.javax.el.PropertyNotFoundException;
import jinjava.javax.el.PropertyNotWritableException;

/**
 * How expressions reach into values, as an allow-list: items of dicts and lists (JSON values), the attributes of a
 * {@code for} loop and of dates, and a few methods per kind of value — Python's dict and list methods Jinjava offers,
 * side-effect-free string methods, filters and tests. Nothing else of a Java object is reachable (no
 * {@code getClass()}, no reflection, no {@code "x".repeat(...)}), and nothing can be written through an expression.
 * Every lookup and call also checks the rendering's {@link RenderBudget}, so a loop of expressions is stopped at its
 * time limit.
 */
final class SandboxResolver extends ELResolver {

    static final Set<String> DICT_METHODS =
            Set.of("items", "keys", "values", "get", "update", "put", "containsKey", "size", "isEmpty", "toString");
    static final Set<String> LIST_METHODS = Set.of(
            "append",
            "insert",
            "extend",
            "pop",
            "count",
            "reverse",
            "copy",
            "index",
            "get",
            "size",
            "isEmpty",
            "contains",
            "toString");
    static final Set<String> STRING_METHODS = Set.of(
            "startsWith",
            "endsWith",
            "contains",
            "indexOf",
            "lastIndexOf",
            "length",
            "isEmpty",
            "isBlank",
            "strip",
            "stripLeading",
            "stripTrailing",
            "trim",
            "toLowerCase",
            "toUpperCase",
            "substring",
            "equals",
            "equalsIgnoreCase",
            "compareTo",
            "toString");
    static final Set<String> DATE_METHODS = Set.of(
            "isoformat", "strftime", "getYear", "getMonth", "getDay", "getHour", "getMinute", "getSecond", "toString");

    private final CompositeELResolver values = new CompositeELResolver();

    SandboxResolver() {
        values.add(new ArrayELResolver(true));
        values.add(new JinjavaListELResolver(true));
        values.add(new TypeConvertingMapELResolver(true));
        values.add(new AllowListBeans());
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        RenderBudget.check();
        return values.getValue(context, base, property);
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        RenderBudget.check();
        return values.invoke(context, base, method, paramTypes, params);
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return values.getType(context, base, property);
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        throw new PropertyNotWritableException("templates cannot assign to '" + property + "'");
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
        return values.getCommonPropertyType(context, base);
    }

    /** What a template may call on a value of this kind, or null when it may call nothing. */
    static Set<String> methodsOf(Object base) {
        if (base instanceof Map<?, ?>) {
            return base instanceof PyMap ? DICT_METHODS : null;
        }
        if (base instanceof PyList) {
            return LIST_METHODS;
        }
        if (base instanceof String || base instanceof SafeString) {
            return STRING_METHODS;
        }
        if (base instanceof PyishDate) {
            return DATE_METHODS;
        }
        if (base instanceof ForLoop) {
            return Set.of("cycle");
        }
        if (base instanceof Filter) {
            return Set.of("filter");
        }
        if (base instanceof ExpTest) {
            return Set.of("evaluate", "evaluateNegated");
        }
        return null;
    }

    private static String kind(Object base) {
        if (base instanceof Map<?, ?>) {
            return "a dict";
        }
        if (base instanceof Iterable<?>) {
            return "a list";
        }
        if (base instanceof CharSequence || base instanceof SafeString) {
            return "a string";
        }
        if (base instanceof Number) {
            return "a number";
        }
        if (base instanceof Boolean) {
            return "a boolean";
        }
        return "this value";
    }

    /** Jinjava's bean resolver (snake_case names, its own deny-list), behind the allow-list. */
    private static final class AllowListBeans extends JinjavaBeanELResolver {
        AllowListBeans() {
            super(true);
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base == null) {
                return null;
            }
            if (!(base instanceof ForLoop || base instanceof PyishDate)) {
                // attributes of other objects are not values a template may see: undefined, as in Jinja
                throw new PropertyNotFoundException("'" + property + "' is not an attribute of " + kind(base));
            }
            return super.getValue(context, base, property);
        }

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
            if (base == null || method == null) {
                return null;
            }
            Set<String> allowed = methodsOf(base);
            String name = method.toString();
            if (allowed == null || !allowed.contains(name)) {
                throw new MethodNotFoundException("method '" + name + "' cannot be called on " + kind(base)
                        + " in a template"
                        + (allowed == null
                                ? ""
                                : " (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")"));
            }
            return super.invoke(context, base, method, paramTypes, params);
        }
    }
}
