package io.squall.engine.yaql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * StackStorm's functions as Orquesta workflows see them; expected values from Python running StackStorm's
 * implementations ({@code json.dumps} with separators (",", ": "), {@code re}, {@code os.path}, semver).
 */
class StackStormFunctionsTest {
    static java.util.List<YaqlCases.Case> cases() {
        return YaqlCases.table("""
            json_dump({b => [1, 2.5, null, true], a => 'é"x'})  ==>  '{"b": [1,2.5,null,true],"a": "\\\\u00e9\\\\"x"}'
            to_json_string({b => 1, a => 2}, sort_keys => true)  ==>  '{"a": 2,"b": 1}'
            to_json_string({b => 1, a => 2}, sortKeys => true)  ==>  '{"a": 2,"b": 1}'
            to_json_string([1, {a => []}], indent => 2)  ==>  '[\\n  1,\\n  {\\n    "a": []\\n  }\\n]'
            to_json_string({a => 1}, separators => [',', ':'])  ==>  '{"a":1}'
            json_dump('x')  ==>  '"x"'
            json_parse('{"a": [1, 2.5, null]}')  ==>  {'a': [1, 2.5, None]}
            from_json_string('[1, "x"]')[1]  ==>  'x'
            from_json_string(12)  ==>  12
            json_escape('a"b\\n')  ==>  'a\\\\"b\\\\n'
            from_yaml_string('a: 1\\nb: [x, y]')  ==>  {'a': 1, 'b': ['x', 'y']}
            yaml_parse('- 1\\n- two')  ==>  [1, 'two']
            regex_match('abc', 'b')  ==>  False
            regex_match('abc', 'a.')  ==>  True
            regex_match('ABC', 'a', ignorecase => true)  ==>  True
            regex_search('abc', 'b')  ==>  True
            regex_search(123, '2')  ==>  True
            regex_replace('a1 b2', '(\\\\w)(\\\\d)', '\\\\2\\\\1')  ==>  '1a 2b'
            regex_replace('aaa', 'a', 'b')  ==>  'bbb'
            regex_substring('1a 2b', '(\\\\d)(\\\\w)', 1)  ==>  ['2', 'b']
            regex_substring('1a 2b', '\\\\d')  ==>  '1'
            regex_substring('1a 2b', '\\\\d', 5)  ==>  IndexError: list index out of range
            basename('/a/b/c.txt')  ==>  'c.txt'
            dirname('/a/b/c.txt')  ==>  '/a/b'
            dirname('c')  ==>  ''
            dirname('/a')  ==>  '/'
            dirname('//a')  ==>  '//'
            to_human_time_from_seconds(0)  ==>  '0s'
            to_human_time_from_seconds(0.5)  ==>  '0.5μs'
            to_human_time_from_seconds(5)  ==>  '5s'
            to_human_time_from_seconds(65)  ==>  '1m5s'
            to_human_time_from_seconds(3605)  ==>  '1h0m5s'
            to_human_time_from_seconds(90061)  ==>  '1d1h1m1s'
            to_human_time_from_seconds(3456000)  ==>  '9d0h0m0s'
            to_human_time_from_seconds(34560005)  ==>  '1y4d0h0m5s'
            to_human_time_from_seconds(59.6)  ==>  '1m0s'
            use_none(null)  ==>  '%*****__%NONE%__*****%'
            use_none(1)  ==>  1
            version_compare('1.2.3', '1.2.4')  ==>  -1
            version_compare('1.2.3', '1.2.3')  ==>  0
            version_compare('1.0.0', '1.0.0-rc.1')  ==>  1
            version_compare('1.0.0-alpha.2', '1.0.0-alpha.10')  ==>  -1
            version_more_than('2.0.0', '1.9.9')  ==>  True
            version_less_than('2.0.0', '1.9.9')  ==>  False
            version_equal('1.0.0+build', '1.0.0')  ==>  True
            version_match('1.2.3', '>=1.2.0')  ==>  True
            version_match('1.2.3', '<1.2.0')  ==>  False
            version_match('1.2.3', '!=1.2.3')  ==>  False
            version_bump_major('1.2.3')  ==>  '2.0.0'
            version_bump_minor('1.2.3')  ==>  '1.3.0'
            version_bump_patch('1.2.3-rc1')  ==>  '1.2.4'
            version_strip_patch('1.2.3')  ==>  '1.2'
            version_compare('1.2', '1.2.0')  ==>  ValueError: 1.2 is not valid SemVer string
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stackStormFunctions(YaqlCases.Case c) {
        assertThat(YaqlCases.run(c.expression())).as(c.expression()).isEqualTo(c.expected());
    }
}
