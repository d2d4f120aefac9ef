package io.squall.engine.template;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import io.squall.engine.datastore.KvScope;
import io.squall.engine.datastore.KvValue;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code kv.system.<key>} and {@code kv.user.<key>} in templates, like StackStorm's KeyValueLookup: dotted names
 * resolve chained lookups ({@code kv.system.asg.web.max} reads key {@code asg.web.max}); a key that exists yields its
 * value (a string, or typed JSON), a secret yields a {@link Secret} that shows {@code ********} until
 * {@code decrypt_kv} opens it, and a key that does not exist yields a {@link Missing}, which fails the template
 * naming the key when it is printed, filtered (except by {@code default}) or used as a value.
 */
final class KvValues {
    private KvValues() {}

    /** The {@code kv} (and {@code st2kv}) variable. */
    static Map<String, Object> root(KvLookup lookup) {
        return Map.of(
                "system", new Missing(lookup, KvScope.SYSTEM, null), "user", new Missing(lookup, KvScope.USER, null));
    }

    /** The error for using a key that does not exist. */
    static RuntimeException missing(Missing missing) {
        return RenderBudget.exceed(
                missing.prefix == null
                        ? "kv." + missing.scope.label() + " is a datastore scope, not a key: name a key, e.g. kv."
                                + missing.scope.label() + ".my_key"
                        : "datastore key '" + missing.prefix + "' (scope " + missing.scope.label() + ") does not exist"
                                + " in this namespace (or it expired); give a fallback with | default('...')");
    }

    /**
     * A key without a value (or the scope itself): falsy, undefined for {@code default}, an error when used, and a
     * map so that a longer dotted key can be looked up through it.
     */
    static final class Missing extends AbstractMap<String, Object> implements PyishSerializable, HasObjectTruthValue {
        private final KvLookup lookup;
        private final KvScope scope;
        private final String prefix;

        Missing(KvLookup lookup, KvScope scope, String prefix) {
            this.lookup = lookup;
            this.scope = scope;
            this.prefix = prefix;
        }

        String key() {
            return prefix;
        }

        @Override
        public Object get(Object name) {
            String key = prefix == null ? String.valueOf(name) : prefix + "." + name;
            return lookup.find(scope, key).map(KvValues::shown).orElseGet(() -> new Missing(lookup, scope, key));
        }

        @Override
        public boolean containsKey(Object name) {
            return true; // resolved by get: a missing key fails where it is used, naming the whole key
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            throw missing(this);
        }

        @Override
        public boolean getObjectTruthValue() {
            return false;
        }

        @Override
        public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
            throw missing(this);
        }

        @Override
        public String toString() {
            throw missing(this);
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** A secret datastore value: shown masked; {@code decrypt_kv} gives the value. */
    static final class Secret implements PyishSerializable {
        private final KvValue value;

        Secret(KvValue value) {
            this.value = value;
        }

        Object reveal() {
            return JinjaValues.wrap(value.value());
        }

        @Override
        public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
            appendable.append(io.squall.api.v1alpha1.Names.MASK);
            return appendable;
        }

        @Override
        public String toString() {
            return io.squall.api.v1alpha1.Names.MASK;
        }
    }

    private static Object shown(KvValue value) {
        return value.secret() ? new Secret(value) : JinjaValues.wrap(value.value());
    }
}
