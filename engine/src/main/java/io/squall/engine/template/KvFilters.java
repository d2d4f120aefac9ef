package io.squall.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.filter.DefaultFilter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;

/**
 * The datastore's filters and tests: {@code decrypt_kv} (StackStorm's: the value of a secret key), and
 * {@code default}/{@code d}, {@code is defined}/{@code is undefined} treating a missing datastore key as undefined,
 * so {@code {{ kv.system.x | default('none') }}} works as in Jinja.
 */
final class KvFilters {
    private KvFilters() {}

    static List<Filter> filters() {
        DefaultFilter jinjava = new DefaultFilter();
        return List.of(decryptKv(), missingAsUndefined("default", jinjava), missingAsUndefined("d", jinjava));
    }

    static List<ExpTest> tests() {
        return List.of(test("defined", false), test("undefined", true));
    }

    private static Filter decryptKv() {
        return new AdvancedFilter() {
            @Override
            public String getName() {
                return "decrypt_kv";
            }

            @Override
            public Object filter(
                    Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                if (var instanceof KvValues.Secret secret) {
                    return secret.reveal();
                }
                if (var instanceof KvValues.Missing missing) {
                    throw KvValues.missing(missing);
                }
                throw RenderBudget.exceed("decrypt_kv: the value is not a secret datastore value (set the key with "
                        + "secret: true, and read it as kv.system.<key> | decrypt_kv)");
            }
        };
    }

    private static Filter missingAsUndefined(String name, DefaultFilter delegate) {
        return new AdvancedFilter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(
                    Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                return delegate.filter(var instanceof KvValues.Missing ? null : var, interpreter, args, kwargs);
            }
        };
    }

    private static ExpTest test(String name, boolean negate) {
        return new ExpTest() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                boolean defined = var != null && !(var instanceof KvValues.Missing);
                return negate != defined;
            }
        };
    }
}
