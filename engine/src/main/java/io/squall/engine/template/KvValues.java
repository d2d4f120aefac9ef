package io.squall.engine.template;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * {@code kv.system.<key>} in templates, like StackStorm's KeyValueLookup: dotted names resolve chained lookups
 * ({@code kv.system.asg.web.max} reads key {@code asg.web.max}), a key that exists yields its string value, and a
 * missing key renders as an empty string.
 */
final class KvValues {
    private KvValues() {
    }

    /** The {@code kv} (and {@code st2kv}) variable. */
    static Map<String, Object> root(KvLookup lookup) {
        return Map.of("system", new Missing(lookup, null));
    }

    /**
     * A key without a value (or the scope itself): empty when rendered, falsy, and a map so that a longer dotted
     * key can be looked up through it.
     */
    static final class Missing extends AbstractMap<String, Object> implements PyishSerializable, HasObjectTruthValue {
        private final KvLookup lookup;
        private final String prefix;

        Missing(KvLookup lookup, String prefix) {
            this.lookup = lookup;
            this.prefix = prefix;
        }

        @Override
        public Object get(Object name) {
            String key = prefix == null ? String.valueOf(name) : prefix + "." + name;
            return lookup.get(key).<Object>map(v -> v).orElseGet(() -> new Missing(lookup, key));
        }

        @Override
        public boolean containsKey(Object name) {
            return true; // a missing datastore key is an empty string, never an undefined variable
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Set.of();
        }

        @Override
        public boolean getObjectTruthValue() {
            return false;
        }

        @Override
        public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
            return appendable;
        }

        @Override
        public String toString() {
            return "";
        }
    }
}
