package io.squall.engine.workflow.expr;

import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.Values;
import io.squall.engine.workflow.WorkflowException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Orquesta's functions as Jinjava globals. Jinjava calls static methods, so the task context of the evaluation in
 * progress is held per thread ({@link #bind}); an error a function raises is remembered so the evaluator reports
 * it by its own name rather than Jinjava's wrapper.
 */
public final class JinjaFunctions {
    record Scope(Map<String, Object> data, KvLookup kv) {}

    private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();
    private static final ThreadLocal<WorkflowException> ERROR = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> VALIDATING = ThreadLocal.withInitial(() -> false);

    private JinjaFunctions() {}

    static List<ELFunctionDefinition> definitions() {
        List<ELFunctionDefinition> defs = new ArrayList<>();
        for (String name : List.of("ctx", "item", "task_status", "zip")) {
            defs.add(new ELFunctionDefinition(
                    "", name, JinjaFunctions.class, name.equals("task_status") ? "taskStatus" : name, Object[].class));
        }
        for (String name : List.of("succeeded", "failed", "completed", "result")) {
            defs.add(new ELFunctionDefinition("", name, JinjaFunctions.class, name));
        }
        defs.add(new ELFunctionDefinition("", "json", JinjaFunctions.class, "json", Object.class));
        defs.add(new ELFunctionDefinition("", "st2kv", JinjaFunctions.class, "st2kv", Object[].class));
        defs.add(new ELFunctionDefinition("", "kv", JinjaFunctions.class, "st2kv", Object[].class));
        return defs;
    }

    static void bind(Map<String, Object> data, KvLookup kv) {
        SCOPE.set(new Scope(data, kv));
        ERROR.remove();
    }

    /** While validating syntax, functions return null instead of reading a context. */
    static void validating(boolean on) {
        VALIDATING.set(on);
    }

    static void unbind() {
        SCOPE.remove();
    }

    /** The error a function or attribute access raised during the last evaluation on this thread, if any. */
    static WorkflowException lastError() {
        WorkflowException e = ERROR.get();
        ERROR.remove();
        return e;
    }

    static void recordError(WorkflowException e) {
        ERROR.set(e);
    }

    private static Map<String, Object> data() {
        Scope s = SCOPE.get();
        return s == null ? null : s.data();
    }

    private static <T> T guarded(java.util.function.Supplier<T> f) {
        if (VALIDATING.get()) {
            return null;
        }
        try {
            return f.get();
        } catch (WorkflowException e) {
            ERROR.set(e);
            throw e;
        }
    }

    private static String arg(Object[] args, int i) {
        return args != null && args.length > i && args[i] != null ? Values.pyStr(PyNone.toValue(args[i])) : null;
    }

    public static Object ctx(Object... args) {
        return guarded(() -> OrquestaFunctions.ctx(data(), arg(args, 0)));
    }

    public static Object item(Object... args) {
        return guarded(() -> OrquestaFunctions.item(data(), arg(args, 0)));
    }

    public static Object taskStatus(Object... args) {
        Integer route = args != null && args.length > 1 && args[1] instanceof Number n ? n.intValue() : null;
        return guarded(() -> OrquestaFunctions.taskStatus(data(), arg(args, 0), route));
    }

    public static Boolean succeeded() {
        return guarded(() -> OrquestaFunctions.succeeded(data()));
    }

    public static Boolean failed() {
        return guarded(() -> OrquestaFunctions.failed(data()));
    }

    public static Boolean completed() {
        return guarded(() -> OrquestaFunctions.completed(data()));
    }

    public static Object result() {
        return guarded(() -> {
            Object r = OrquestaFunctions.result(data());
            return r == null ? PyNone.INSTANCE : r;
        });
    }

    public static Object json(Object s) {
        return guarded(() -> OrquestaFunctions.json(PyNone.toValue(s)));
    }

    public static Object zip(Object... args) {
        return guarded(() -> OrquestaFunctions.zip(
                new ArrayList<>(Arrays.stream(args).map(PyNone::toValue).toList()), null));
    }

    public static Object st2kv(Object... args) {
        Scope s = SCOPE.get();
        return guarded(() -> OrquestaFunctions.st2kv(
                s == null ? null : s.kv(), arg(args, 0), args.length > 1 && Values.truthy(PyNone.toValue(args[1]))));
    }
}
