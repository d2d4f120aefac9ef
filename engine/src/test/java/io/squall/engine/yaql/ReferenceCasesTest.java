package io.squall.engine.yaql;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expressions with the outcome Python's yaql (3.x, set up as Orquesta sets it up: {@code YaqlFactory().create()},
 * {@code yaql.create_context()}, plus Orquesta's json() and zip()) gives for them over {@link YaqlCases#DATA},
 * printed as {@code repr()} of the result or {@code Kind: message} of the error. Many are the examples of yaql's
 * standard library documentation and test suite. The interpreter must agree on every line.
 */
class ReferenceCasesTest {

    static List<YaqlCases.Case> language() {
        return YaqlCases.table("""
            format("{0}-{1}", 1, 2)  ==>  NoFunctionRegisteredException: Unknown function "format"
            1 + true  ==>  NoMatchingFunctionException: No function "#operator_+" matches supplied arguments
            true and 1  ==>  1
            null or "x"  ==>  'x'
            not null  ==>  True
            -"a"  ==>  NoMatchingFunctionException: No function "#unary_operator_-" matches supplied arguments
            "a" + 1  ==>  NoMatchingFunctionException: No function "#operator_+" matches supplied arguments
            "a" + "b"  ==>  'ab'
            [1] + [2]  ==>  [1, 2]
            {a=>1} + {b=>2}  ==>  {'a': 1, 'b': 2}
            3 * 1.5  ==>  4.5
            10 / 4.0  ==>  2.5
            7 mod -3  ==>  -2
            7.5 mod 2  ==>  1.5
            2 > 1.5  ==>  True
            "a" < "b"  ==>  True
            [1] < [2]  ==>  NoMatchingFunctionException: No function "#operator_<" matches supplied arguments
            null < 1  ==>  True
            null = null  ==>  True
            1 in [1,2]  ==>  True
            "a" in "abc"  ==>  True
            "a" in {a=>1}  ==>  NoMatchingFunctionException: No function "#operator_in" matches supplied arguments
            1 != 2  ==>  True
            $  ==>  {'a': {'b': 2}, 'l': [1, 2, 3], 'ld': [{'x': 1}, {'x': 2}], 's': 'str', 'nested': {'deep': {'value': 42}}}
            $x  ==>  None
            $.a  ==>  {'b': 2}
            12.assert($ < 2)  ==>  AssertionError: Assertion failed
            let(a => 1) -> $a  ==>  1
            $.a.b.c  ==>  NoFunctionRegisteredException: Unknown function "#property#c"
            $.a.'b'  ==>  NoMatchingFunctionException: No function "#operator_." matches supplied arguments
            $.(a)  ==>  NoMatchingFunctionException: No function "#operator_." matches supplied arguments
            $.a[0]  ==>  KeyError: 0
            $.a["b"]  ==>  2
            $.a.$  ==>  NoMatchingFunctionException: No function "#operator_." matches supplied arguments
            {a => 1}.a  ==>  1
            {a => 1}.b  ==>  KeyError: 'b'
            [1,2][3]  ==>  IndexError: tuple index out of range
            {$.s => 1}  ==>  {'str': 1}
            [a => 1]  ==>  NoMatchingFunctionException: No function "#list" matches supplied arguments
            "abc"[1]  ==>  NoMatchingFunctionException: No function "#indexer" matches supplied arguments
            null.x  ==>  NoFunctionRegisteredException: Unknown function "#property#x"
            null?.x  ==>  None
            $.a?.b  ==>  2
            $.l.x  ==>  NoFunctionRegisteredException: Unknown function "#property#x"
            f(1,,a=>1)  ==>  NoFunctionRegisteredException: Unknown function "f"
            ''  ==>  ''
            "ab\\"c"  ==>  'ab"c'
            `a\\`b`  ==>  'a`b'
            'a\\nb'  ==>  'a\\nb'
            '\\d+'  ==>  '\\\\d+'
            '\\x41\\u0042\\101'  ==>  'ABA'
            __foo()  ==>  NoFunctionRegisteredException: Unknown function "__foo"
            _foo  ==>  '_foo'
            1.5.3  ==>  NoMatchingFunctionException: No function "#operator_." matches supplied arguments
            $1  ==>  {'a': {'b': 2}, 'l': [1, 2, 3], 'ld': [{'x': 1}, {'x': 2}], 's': 'str', 'nested': {'deep': {'value': 42}}}
            a.b.c  ==>  NoFunctionRegisteredException: Unknown function "#property#b"
            true.x  ==>  NoFunctionRegisteredException: Unknown function "#property#x"
            [1, 2] = [1, 2]  ==>  True
            {a => 1} = {a => 1.0}  ==>  True
            1 = true  ==>  True
            "1" = 1  ==>  False
            null != null  ==>  False
            not [1]  ==>  False
            not {}  ==>  True
            -5 mod 3  ==>  1
            5 mod -3  ==>  -1
            -5 / 3  ==>  -2
            5.0 / 2  ==>  2.5
            2 * 3 + 4 * 5  ==>  26
            2 + 3 * 4  ==>  14
            (2 + 3) * 4  ==>  20
            -2 * 3  ==>  -6
            not true and false  ==>  False
            not (true and false)  ==>  True
            true or false and false  ==>  True
            1 < 2 = true  ==>  True
            1 + 2 = 3 and 4 > 3  ==>  True
            1 -> 2  ==>  NoMatchingFunctionException: No function "#operator_->" matches supplied arguments
            let(x => 2) -> $x * $x  ==>  4
            let(1, 2) -> $1 + $2  ==>  3
            [1, 2].unpack(a, b) -> $a + $b  ==>  3
            with("ab", "cd") -> $1 + $2  ==>  'abcd'
            switch(1 > 2 => a, 2 > 1 => b)  ==>  'b'
            coalesce(null, 2, 3)  ==>  2
            selectCase(false, true)  ==>  1
            examine(true, false, 1)  ==>  [True, False, True]
            1.switchCase(a, b, c)  ==>  'b'
            {"a" => 1, "b" => 2}["c", 3]  ==>  3
            9223372036854775807 + 1  ==>  9223372036854775808
            2 * 9223372036854775807  ==>  18446744073709551614
            -9223372036854775807 - 2  ==>  -9223372036854775809
            99999999999999999999 / 7  ==>  14285714285714285714
            0.1 + 0.2  ==>  0.30000000000000004
            1.0 / 3  ==>  0.3333333333333333
            100000000000000000.0  ==>  1e+17
            0.0001  ==>  0.0001
            0.00001  ==>  1e-05
            [1, 2] * 2  ==>  [1, 2, 1, 2]
            2 * [1, 2]  ==>  [1, 2, 1, 2]
            "ab" * 0  ==>  ''
            "ab" * -1  ==>  ''
            "ab" * true  ==>  'ab'
            [1,2][true]  ==>  2
            {a => {b => [1, 2]}}.a.b[1]  ==>  2
            $.a.b + 1  ==>  3
            {a}  ==>  NoMatchingFunctionException: No function "#map" matches supplied arguments
            {}  ==>  {}
            []  ==>  []
            f(1,,2)  ==>  NoFunctionRegisteredException: Unknown function "f"
            $[]  ==>  NoMatchingFunctionException: No function "#indexer" matches supplied arguments
            $[1, 2, 3]  ==>  NoMatchingFunctionException: No function "#indexer" matches supplied arguments
            a = b  ==>  False
            "a" = 'a'  ==>  True
            true()  ==>  NoFunctionRegisteredException: Unknown function "true"
            null.foo()  ==>  NoMethodRegisteredException: Unknown method "foo" for receiver None
            $foo.bar  ==>  NoFunctionRegisteredException: Unknown function "#property#bar"
            $.a.b.c.d  ==>  NoFunctionRegisteredException: Unknown function "#property#c"
            x[0]  ==>  NoMatchingFunctionException: No function "#indexer" matches supplied arguments
            "ab"[0]  ==>  NoMatchingFunctionException: No function "#indexer" matches supplied arguments
            {a=>1}[a]  ==>  1
            [1,2,3][-4]  ==>  IndexError: tuple index out of range
            [1,2,3][1.0]  ==>  NoMatchingFunctionException: No function "#indexer" matches supplied arguments
            f(a => 1)  ==>  NoFunctionRegisteredException: Unknown function "f"
            "abc".foo  ==>  NoFunctionRegisteredException: Unknown function "#property#foo"
            5.foo  ==>  NoFunctionRegisteredException: Unknown function "#property#foo"
            [{a => 1}, 2].a  ==>  NoFunctionRegisteredException: Unknown function "#property#a"
            $.nested.deep.value  ==>  42
            ctx  ==>  'ctx'
            "a" * 3 + "b"  ==>  'aaab'
            not 1 = 2  ==>  True
            -1.5  ==>  -1.5
            - - 2  ==>  2
            +3  ==>  3
            +"a"  ==>  NoMatchingFunctionException: No function "#unary_operator_+" matches supplied arguments
            1 + -2  ==>  -1
            3 -> 4  ==>  NoMatchingFunctionException: No function "#operator_->" matches supplied arguments
            let(a => 1, b => 2) -> $a + $b  ==>  3
            let(a => 1) -> let(b => $a + 1) -> $b  ==>  2
            $ = null  ==>  False
            "a" in [a, b]  ==>  True
            1 in 1  ==>  NoMatchingFunctionException: No function "#operator_in" matches supplied arguments
            null in [null]  ==>  True
            "x" in null  ==>  NoMatchingFunctionException: No function "#operator_in" matches supplied arguments
            {1 => a}[1]  ==>  'a'
            {1 => a}[1.0]  ==>  'a'
            {true => a}[1]  ==>  'a'
            {1 => a, 1.0 => b}  ==>  {1: 'b'}
            {a => 1} + {a => 2}  ==>  {'a': 2}
            null?.x?.y  ==>  None
            "x" * 3 * 2  ==>  'xxxxxx'
            2 * 3 * "x"  ==>  'xxxxxx'
            7 / 2.0  ==>  3.5
            -7 / 2  ==>  -4
            -7 mod 2  ==>  1
            7 mod -2.5  ==>  -0.5
            2.5 mod 1  ==>  0.5
            0 = false  ==>  True
            0.0 = false  ==>  True
            1.0 = true  ==>  True
            "true" = true  ==>  False
            [] = []  ==>  True
            {} = {}  ==>  True
            [1, [2, {a => 3}]] = [1, [2, {a => 3.0}]]  ==>  True
            1 < 1.5  ==>  True
            1.5 < 2  ==>  True
            1 <= 1.0  ==>  True
            "B" < "a"  ==>  True
            "" < "a"  ==>  True
            null <= null  ==>  True
            null > null  ==>  False
            null >= 1  ==>  False
            1 >= null  ==>  True
            true > false  ==>  NoMatchingFunctionException: No function "#operator_>" matches supplied arguments
            [1] > [0]  ==>  NoMatchingFunctionException: No function "#operator_>" matches supplied arguments
            1 in [1.0]  ==>  True
            [1] in [[1]]  ==>  True
            {a => 1} in [{a => 1}]  ==>  True
            "b" in ["abc"]  ==>  False
            $.nested.deep  ==>  {'value': 42}
            $.nested.deep.value * 2  ==>  84
            $.nested?.deep?.value  ==>  42
            [1, 2].unpack() -> $1 + $2  ==>  3
            [1, 2].unpack(a) -> $a  ==>  ValueError: Cannot unpack 2 elements into 1
            let(1, 2, 3) -> [$1, $2, $3]  ==>  [1, 2, 3]
            switch(false => 1)  ==>  None
            switch(true => 1, true => 2)  ==>  1
            coalesce()  ==>  None
            coalesce(null)  ==>  None
            selectAllCases(false, true, true)  ==>  [1, 2]
            2.switchCase(a, b)  ==>  'b'
            {a => {b => 1}}.a.b  ==>  1
            {a => [1, 2]}.a[1]  ==>  2
            [{a => 1}, {a => 2}].a  ==>  [1, 2]
            [{a => 1}, {b => 2}].a  ==>  KeyError: 'a'
            [[{a => 1}]].a  ==>  [[1]]
            {a => 1}.b.c  ==>  KeyError: 'b'
            {a => null}.a  ==>  None
            {a => null}.a.b  ==>  NoFunctionRegisteredException: Unknown function "#property#b"
            [null][0].x  ==>  NoFunctionRegisteredException: Unknown function "#property#x"
            true.switchCase(a, b)  ==>  'b'
            3.switchCase()  ==>  None
            selectCase()  ==>  0
            coalesce(null, false)  ==>  False
            examine()  ==>  []
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("language")
    void languageCases(YaqlCases.Case c) {
        YaqlCases.check(c);
    }

    static List<YaqlCases.Case> syntax() {
        return YaqlCases.table("""
            <% succeeded()  ==>  YaqlGrammarException: Parse error: unexpected '<' at position 0 of expression '<% succeeded()'
            1 %  ==>  YaqlLexicalException: Lexical error: illegal character '%' at position 2
            str(1.5e20)  ==>  YaqlLexicalException: Lexical error: illegal character '5' at position 6
            #foo  ==>  YaqlLexicalException: Lexical error: illegal character '#' at position 0
            $.l[1:2]  ==>  YaqlLexicalException: Lexical error: illegal character ':' at position 5
            a => b  ==>  YaqlGrammarException: Parse error: unexpected '=>' at position 2 of expression 'a => b'
            (a => b)  ==>  YaqlGrammarException: Parse error: unexpected '=>' at position 3 of expression '(a => b)'
            f(a => 1, 2)  ==>  YaqlGrammarException: Parse error: unexpected ')' at position 11 of expression 'f(a => 1, 2)'
            f(a => 1, 2, 3)  ==>  YaqlGrammarException: Parse error: unexpected ',' at position 11 of expression 'f(a => 1, 2, 3)'
            f(1,)  ==>  YaqlGrammarException: Parse error: unexpected ')' at position 4 of expression 'f(1,)'
            f(,a=>1)  ==>  YaqlGrammarException: Parse error: unexpected '=>' at position 4 of expression 'f(,a=>1)'
            f(1 2)  ==>  YaqlGrammarException: Parse error: unexpected '2' at position 4 of expression 'f(1 2)'
            1 2  ==>  YaqlGrammarException: Parse error: unexpected '2' at position 2 of expression '1 2'
            f (1)  ==>  YaqlGrammarException: Parse error: unexpected '(' at position 2 of expression 'f (1)'
            [1,  ==>  YaqlGrammarException: Parse error: unexpected end of statement
            {a => }  ==>  YaqlGrammarException: Parse error: unexpected '}' at position 6 of expression '{a => }'
            'abc  ==>  YaqlLexicalException: Lexical error: illegal character ''' at position 0
            __foo  ==>  YaqlLexicalException: Lexical error: illegal character '_' at position 0
            12abc  ==>  YaqlLexicalException: Lexical error: illegal character '1' at position 0
            1e3  ==>  YaqlLexicalException: Lexical error: illegal character '1' at position 0
            a b  ==>  YaqlGrammarException: Parse error: unexpected 'b' at position 2 of expression 'a b'
            a not b  ==>  YaqlGrammarException: Parse error: unexpected 'not' at position 2 of expression 'a not b'
            1 and  ==>  YaqlGrammarException: Parse error: unexpected end of statement
            and 1  ==>  YaqlGrammarException: Parse error: unexpected 'and' at position 0 of expression 'and 1'
            not  ==>  YaqlGrammarException: Parse error: unexpected end of statement
            -  ==>  YaqlGrammarException: Parse error: unexpected end of statement
            (1  ==>  YaqlGrammarException: Parse error: unexpected end of statement
            1)  ==>  YaqlGrammarException: Parse error: unexpected ')' at position 1 of expression '1)'
            [1, 2  ==>  YaqlGrammarException: Parse error: unexpected end of statement
            {a => 1  ==>  YaqlGrammarException: Parse error: unexpected end of statement
            {a => 1, b}  ==>  YaqlGrammarException: Parse error: unexpected '}' at position 10 of expression '{a => 1, b}'
            f(,)  ==>  YaqlGrammarException: Parse error: unexpected ')' at position 3 of expression 'f(,)'
            f(a=>1,,b=>2)  ==>  YaqlGrammarException: Parse error: unexpected ',' at position 7 of expression 'f(a=>1,,b=>2)'
            f(,,a=>1)  ==>  YaqlGrammarException: Parse error: unexpected '=>' at position 5 of expression 'f(,,a=>1)'
            $.  ==>  YaqlGrammarException: Parse error: unexpected end of statement
            $..a  ==>  YaqlGrammarException: Parse error: unexpected '.' at position 2 of expression '$..a'
            .a  ==>  YaqlGrammarException: Parse error: unexpected '.' at position 0 of expression '.a'
            1 = = 2  ==>  YaqlGrammarException: Parse error: unexpected '=' at position 4 of expression '1 = = 2'
            1 == 2  ==>  YaqlGrammarException: Parse error: unexpected '=' at position 3 of expression '1 == 2'
            1.  ==>  YaqlGrammarException: Parse error: unexpected end of statement
            .5  ==>  YaqlGrammarException: Parse error: unexpected '.' at position 0 of expression '.5'
            1..2  ==>  YaqlGrammarException: Parse error: unexpected '.' at position 2 of expression '1..2'
            str(1e100)  ==>  YaqlLexicalException: Lexical error: illegal character '1' at position 4
            int(1e20)  ==>  YaqlLexicalException: Lexical error: illegal character '1' at position 4
            str(1.5e-7)  ==>  YaqlLexicalException: Lexical error: illegal character '5' at position 6
            str(1e16)  ==>  YaqlLexicalException: Lexical error: illegal character '1' at position 4
            str(1e15)  ==>  YaqlLexicalException: Lexical error: illegal character '1' at position 4
            json_dump(1e20)  ==>  YaqlLexicalException: Lexical error: illegal character '1' at position 10
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntax")
    void syntaxCases(YaqlCases.Case c) {
        YaqlCases.check(c);
    }

    static List<YaqlCases.Case> strings() {
        return YaqlCases.table("""
            str(null)  ==>  'null'
            str(true)  ==>  'true'
            "a b".split()  ==>  ['a', 'b']
            "a,b".split(",")  ==>  ['a', 'b']
            "ab".toUpper()  ==>  'AB'
            "AB".toLower()  ==>  'ab'
            "  x ".trim()  ==>  'x'
            "abc".startsWith("a")  ==>  True
            "abc".endsWith("c")  ==>  True
            "abc".replace("b", "x")  ==>  'axc'
            "abc".indexOf("c")  ==>  2
            isEmpty("")  ==>  True
            "".isEmpty()  ==>  True
            toUpper("a")  ==>  NoFunctionRegisteredException: Unknown function "toUpper"
            [1, 2, 3, 2].indexOf(2)  ==>  1
            [1, 2, 3, 2].lastIndexOf(2)  ==>  3
            [0, 1, 3, 4, 2].replace(2, 100, 2)  ==>  [0, 1, 100, 2]
            "abc     de  f".split(maxSplits => 1)  ==>  ['abc', 'de  f']
            "abc     de  f".rightSplit(maxSplits => 1)  ==>  ['abc     de', 'f']
            "abcde".split("c")  ==>  ['ab', 'de']
            "  abcd ".trimLeft()  ==>  'abcd '
            "aababa".trimRight("a")  ==>  'aabab'
            "  abcd ".norm()  ==>  'abcd'
            "aaaa".norm("a")  ==>  None
            "abaab".isEmpty(chars=>"ab")  ==>  True
            "abc ab abc".replace({abc => xx, ab => yy})  ==>  'xx yy xx'
            "abc ab abc".replace({ab => yy, abc => xx}, 1)  ==>  'yyc ab xx'
            "abcd".substring(1)  ==>  'bcd'
            "abcd".substring(1, 2)  ==>  'bc'
            "cabcdab".indexOf("ab", 2)  ==>  5
            "cabcdab".indexOf("bc", 2, 2)  ==>  2
            "cabcdab".lastIndexOf("ab")  ==>  5
            "cabcdbc".lastIndexOf("bc", 2, 5)  ==>  5
            "abc de".toCharArray()  ==>  ['a', 'b', 'c', ' ', 'd', 'e']
            "abcd".startsWith("ab", "xx")  ==>  True
            hex(256)  ==>  '0x100'
            str(1.0/3)  ==>  '0.3333333333333333'
            "ab".split(1)  ==>  NoMatchingMethodException: No method "split" for receiver ab matches supplied arguments
            $.s.toUpper().len()  ==>  3
            "x".str()  ==>  NoMethodRegisteredException: Unknown method "str" for receiver x
            str(1.5)  ==>  '1.5'
            str([1, "a", null, true, {a => [1]}])  ==>  "(1, 'a', None, True, {'a': (1,)})"
            str({a => null, 1 => 2})  ==>  "{'a': None, 1: 2}"
            str("a'b")  ==>  "a'b"
            str('a"b')  ==>  'a"b'
            str("a'b\\"c")  ==>  'a\\'b"c'
            str("a\\nb")  ==>  'a\\nb'
            str(123456789012345678901234567890)  ==>  '123456789012345678901234567890'
            str(-0.0)  ==>  '-0.0'
            isString(1)  ==>  False
            "héllo".toUpper()  ==>  'HÉLLO'
            "ß".toUpper()  ==>  'SS'
            "a\\tb c".split()  ==>  ['a', 'b', 'c']
            "  a  b  ".split(" ")  ==>  ['', '', 'a', '', 'b', '', '']
            "a,b,,c".split(",")  ==>  ['a', 'b', '', 'c']
            "a,b,c".split(",", 1)  ==>  ['a', 'b,c']
            "a,b,c".rightSplit(",", 1)  ==>  ['a,b', 'c']
            "".split()  ==>  []
            "".split(",")  ==>  ['']
            "abc".indexOf("")  ==>  0
            "abc".replace("", "-")  ==>  '-a-b-c-'
            "aaa".replace("a", "b", 2)  ==>  'bba'
            "xxabcxx".trim("x")  ==>  'abc'
            "abc".substring(-2)  ==>  'bc'
            "abc".substring(5)  ==>  ''
            "abc".substring(1, 0)  ==>  ''
            "abcd".indexOf("d", -2)  ==>  3
            [1, 2, 3].indexOf(4)  ==>  -1
            str(0.1)  ==>  '0.1'
            str(123456789.123)  ==>  '123456789.123'
            str(2.0 * 3)  ==>  '6.0'
            str(10 / 3.0)  ==>  '3.3333333333333335'
            isEmpty(null)  ==>  True
            isEmpty("  ")  ==>  True
            isEmpty("  ", trim => false)  ==>  False
            norm(null)  ==>  None
            norm("  x  ")  ==>  'x'
            "a".isEmpty()  ==>  False
            isString("")  ==>  True
            hex(-255)  ==>  '-0xff'
            hex(1.5)  ==>  TypeError: 'float' object cannot be interpreted as an integer
            [1, 2, 3].split(1)  ==>  NoMatchingMethodException: No method "split" for receiver (1, 2, 3) matches supplied arguments
            "a b".split(maxSplits => 0)  ==>  ['a b']
            "abc".indexOf(sub => "b")  ==>  1
            "x".toUpper(1)  ==>  NoMatchingMethodException: No method "toUpper" for receiver x matches supplied arguments
            str()  ==>  NoMatchingFunctionException: No function "str" matches supplied arguments
            str(1, 2)  ==>  NoMatchingFunctionException: No function "str" matches supplied arguments
            [1, 2, 3].replace(0, 9, -1)  ==>  [9]
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strings")
    void stringsCases(YaqlCases.Case c) {
        YaqlCases.check(c);
    }

    static List<YaqlCases.Case> math() {
        return YaqlCases.table("""
            int("abc")  ==>  ValueError: invalid literal for int() with base 10: 'abc'
            int(1.9)  ==>  1
            int(-1.9)  ==>  -1
            int(true)  ==>  1
            float("1.5")  ==>  1.5
            bool("")  ==>  False
            abs(-2)  ==>  2
            int(null)  ==>  0
            float(null)  ==>  0.0
            float("abc")  ==>  ValueError: could not convert string to float: 'abc'
            bitwiseAnd(6, 12)  ==>  4
            bitwiseOr(6, 12)  ==>  14
            bitwiseXor(6, 12)  ==>  10
            bitwiseNot(6)  ==>  -7
            shiftBitsLeft(1, 5)  ==>  32
            shiftBitsRight(8, 2)  ==>  2
            pow(3, 2)  ==>  9
            pow(2, 3, 5)  ==>  3
            sign(-2)  ==>  -1
            round(12.52)  ==>  13.0
            round(12.55, 1)  ==>  12.6
            round(2.5)  ==>  2.0
            isInteger(1)  ==>  True
            isNumber(1.5)  ==>  True
            isNumber(true)  ==>  False
            int(" 42 ")  ==>  42
            int("4_2")  ==>  42
            int("+3")  ==>  3
            float(" 1e3 ")  ==>  1000.0
            float("inf")  ==>  inf
            float(1)  ==>  1.0
            float("-0")  ==>  -0.0
            int("1.5")  ==>  ValueError: invalid literal for int() with base 10: '1.5'
            int([1])  ==>  TypeError: int() argument must be a string, a bytes-like object or a real number, not 'tuple'
            float([1])  ==>  TypeError: float() argument must be a string or a real number, not 'tuple'
            bool(null)  ==>  False
            bool(0.0)  ==>  False
            bool("0")  ==>  True
            bool([0])  ==>  True
            isBoolean(false)  ==>  True
            isBoolean(0)  ==>  False
            isInteger(1.0)  ==>  False
            isInteger(true)  ==>  False
            isNumber(1)  ==>  True
            isBoolean(null)  ==>  False
            int(" -7 ")  ==>  -7
            int("٣")  ==>  3
            float("1_000.5")  ==>  1000.5
            float(".5")  ==>  0.5
            float("5.")  ==>  5.0
            float("1e400")  ==>  inf
            round(1234, -2)  ==>  1200
            round(1250, -2)  ==>  1200
            round(-2.5)  ==>  -2.0
            round(0.125, 2)  ==>  0.12
            round(2.675, 2)  ==>  2.67
            abs(-1.5)  ==>  1.5
            abs(true)  ==>  NoMatchingFunctionException: No function "abs" matches supplied arguments
            sign(0)  ==>  0
            pow(2, -1)  ==>  0.5
            pow(2.0, 3)  ==>  8.0
            pow(-2, 3)  ==>  -8
            bitwiseAnd(true, 3)  ==>  1
            int(value => "5")  ==>  5
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("math")
    void mathCases(YaqlCases.Case c) {
        YaqlCases.check(c);
    }

    static List<YaqlCases.Case> collections() {
        return YaqlCases.table("""
            [1,2].contains(1)  ==>  True
            {a=>1}.values()  ==>  [1]
            {a=>1}.set(b, 2)  ==>  {'a': 1, 'b': 2}
            {a=>1}.get(a)  ==>  1
            len([1,2])  ==>  2
            len({a=>1})  ==>  1
            len("abc")  ==>  3
            keys({a=>1})  ==>  NoFunctionRegisteredException: Unknown function "keys"
            $.l.len()  ==>  3
            dict(a=>1, b=>2)  ==>  {'a': 1, 'b': 2}
            dict(a=>1, a=>2)  ==>  {'a': 2}
            list(a => 1)  ==>  NoMatchingFunctionException: No function "list" matches supplied arguments
            list(1, a, "x", true, null, 1.5)  ==>  [1, 'a', 'x', True, None, 1.5]
            $.s.len()  ==>  3
            len($.s)  ==>  3
            len(s)  ==>  1
            $.a.get(b)  ==>  2
            $.a.get(zz, 5)  ==>  5
            [1, 2].toDict($, $ + 1)  ==>  {1: 2, 2: 3}
            dict([["a", 2], ["b", 4]])  ==>  {'a': 2, 'b': 4}
            {"a" => 1, "b" => 2}.set("b" => 3, "c" => 4)  ==>  {'a': 1, 'b': 3, 'c': 4}
            {"a" => 1, "b" => 2}.set({"b" => 3, "c" => 4})  ==>  {'a': 1, 'b': 3, 'c': 4}
            {"a" => 1, "b" => 2, "c" => 3}.delete("a", "c")  ==>  {'b': 2}
            {"a" => 1, "b" => 2, "c" => 3}.deleteAll(["a", "c"])  ==>  {'b': 2}
            [0, 1, 3, 4, 2].delete(2, 2)  ==>  [0, 1, 2]
            [0, 1, 3, 4, 2].replaceMany(2, [100, 200], 2)  ==>  [0, 1, 100, 200, 2]
            [0, 1, 3].insert(2, 2)  ==>  [0, 1, 2, 3]
            [0, 1, 3].insertMany(2, [2, 22])  ==>  [0, 1, 2, 22, 3]
            {"a" => 1}.containsKey("a")  ==>  True
            {"a" => 1}.containsValue(1)  ==>  True
            isList([1, 2])  ==>  True
            isDict({"a" => 1})  ==>  True
            "abc".len()  ==>  3
            {a=>1}.len()  ==>  1
            len(1, 2)  ==>  NoMatchingFunctionException: No function "len" matches supplied arguments
            null.len()  ==>  NoMatchingMethodException: No method "len" for receiver None matches supplied arguments
            len(null)  ==>  NoMatchingFunctionException: No function "len" matches supplied arguments
            "héllo".len()  ==>  5
            [1, 2, 3].len()  ==>  3
            dict()  ==>  {}
            dict([[1, 2]])  ==>  {1: 2}
            dict([[1]])  ==>  StopIteration:\s
            {a => 1}.get(b)  ==>  None
            {a => 1}.get(a, 5)  ==>  1
            {a => 1}.containsKey(b)  ==>  False
            {a => 1}.set(a, 2)  ==>  {'a': 2}
            {a => 1}.delete(a)  ==>  {}
            {a => 1}.delete(b)  ==>  {'a': 1}
            isList("a")  ==>  False
            isDict(null)  ==>  False
            len()  ==>  NoMatchingFunctionException: No function "len" matches supplied arguments
            $.ld.toDict($.x, $)  ==>  {1: {'x': 1}, 2: {'x': 2}}
            [1, 2, 3].toList()[-1]  ==>  3
            [1, 2, 3].insert(-1, 9)  ==>  [1, 2, 9, 3]
            [1, 2, 3].insert(10, 9)  ==>  [1, 2, 3, 9]
            [1, 2, 3].delete(0)  ==>  [2, 3]
            [1, 2, 3].delete(1, -1)  ==>  [1]
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collections")
    void collectionsCases(YaqlCases.Case c) {
        YaqlCases.check(c);
    }

    static List<YaqlCases.Case> queries() {
        return YaqlCases.table("""
            range(1, 10, 3)  ==>  [1, 4, 7]
            [3,1,2].orderBy($)  ==>  [1, 2, 3]
            [1,2,3].sum()  ==>  6
            [].sum()  ==>  TypeError: reduce() of empty iterable with no initial value
            [].first()  ==>  StopIteration:\s
            [].first(5)  ==>  5
            [1,2].last()  ==>  2
            ["a","b"].join(", ")  ==>  'a, b'
            ", ".join(["a","b"])  ==>  'a, b'
            [1,"a"].join(",")  ==>  '1,a'
            [1,2].any()  ==>  True
            [].all()  ==>  True
            [[1],[2,[3]]].flatten()  ==>  [1, 2, 3]
            [1,2,3].skip(1)  ==>  [2, 3]
            [1,2,3].take(2)  ==>  [1, 2]
            [1,2,2].distinct()  ==>  [1, 2]
            [1,2].selectMany([$, $])  ==>  [1, 1, 2, 2]
            [1,2].count()  ==>  2
            sequence().take(3)  ==>  [0, 1, 2]
            [1,2,3].where($ > 1).select($ * 10)  ==>  [20, 30]
            [1,2,3].max()  ==>  3
            max(1, 2)  ==>  2
            min(3, 4)  ==>  3
            [3,4].min()  ==>  3
            $.l.where($ > 1)  ==>  [2, 3]
            $.l.select($ * 2)  ==>  [2, 4, 6]
            $.ld.select($.x)  ==>  [1, 2]
            [1,2].where($ > 1)[0]  ==>  NoMatchingFunctionException: No function "#indexer" matches supplied arguments
            [1,2].where($ > 5) and 1  ==>  1
            range(3) = [0,1,2]  ==>  False
            [3,1,2].orderByDescending($)  ==>  [3, 2, 1]
            [[1, 'c'], [2, 'b'], [3, 'c'], [0, 'd']].orderBy($[1])  ==>  [[2, 'b'], [1, 'c'], [3, 'c'], [0, 'd']]
            [[3, 'c'], [2, 'b'], [1, 'c']].orderBy($[1]).thenBy($[0])  ==>  [[2, 'b'], [1, 'c'], [3, 'c']]
            [["a", 1], ["b", 2], ["c", 1], ["d", 2]].groupBy($[1], $[0])  ==>  [[1, ['a', 'c']], [2, ['b', 'd']]]
            [["a", 1], ["b", 2], ["c", 1]].groupBy($[1], $[0], $.sum())  ==>  [[1, 'ac'], [2, 'b']]
            [1,2,3].zip([4, 5], [6, 7])  ==>  [[1, 4, 6], [2, 5, 7]]
            [1, 2, 3].zipLongest([4, 5])  ==>  [[1, 4], [2, 5], [3, None]]
            [1, 2, 3].zipLongest([4, 5], default => 100)  ==>  [[1, 4], [2, 5], [3, 100]]
            [1,2,3,4].join([2,5,6], $1 > $2, [$1, $2])  ==>  [[3, 2], [4, 2]]
            1.repeat(2)  ==>  [1, 1]
            1.repeat().take(3)  ==>  [1, 1, 1]
            [1, 2].cycle().take(5)  ==>  [1, 2, 1, 2, 1]
            [1, 2, 3, 4, 5].takeWhile($ < 4)  ==>  [1, 2, 3]
            [1, 2, 3, 4, 5].skipWhile($ < 3)  ==>  [3, 4, 5]
            [1, 2, 3, 2].indexWhere($ > 2)  ==>  2
            [1, 2, 3, 2].lastIndexWhere($ = 2)  ==>  3
            range(1,6).slice(2)  ==>  [[1, 2], [3, 4], [5]]
            [1, 2, 3, 4, 5, 6, 7].splitWhere($ mod 3 = 0)  ==>  [[1, 2], [4, 5], [7]]
            [1, 2, 3, 4, 5, 6, 7].sliceWhere($ mod 3 = 0)  ==>  [[1, 2], [3], [4, 5], [6], [7]]
            [1, 2, 3, 4].splitAt(1)  ==>  [[1], [2, 3, 4]]
            [a,a,b,a,a].aggregate($1 + $2)  ==>  'aabaa'
            [].aggregate($1 + $2, 1)  ==>  1
            [1, 2, 3].accumulate($1+$2)  ==>  [1, 3, 6]
            [1, 2, 3].accumulate($1+$2, 100)  ==>  [100, 101, 103, 106]
            [1, 2, 3, 4].reverse()  ==>  [4, 3, 2, 1]
            {'a'=> 1, 'b'=> 2, 'c'=> [1, 2]}.mergeWith({'d'=> 5, 'b'=> 3, 'c'=> [2, 3]})  ==>  {'a': 1, 'b': 3, 'c': [1, 2, 3], 'd': 5}
            {'a'=> 1, 'b'=> 2, 'c'=> [1, 2]}.mergeWith({'d'=> 5, 'b'=> 3, 'c'=> [2, 3]}, $1+$2)  ==>  {'a': 1, 'b': 3, 'c': [1, 2, 2, 3], 'd': 5}
            {'a'=> 1, 'b'=> 2, 'c'=> [1, 2]}.mergeWith({'d'=> 5, 'b'=> 3, 'c'=> [2, 3]}, maxLevels => 1)  ==>  {'a': 1, 'b': 3, 'c': [2, 3], 'd': 5}
            isIterable([])  ==>  True
            isIterable("foo")  ==>  False
            generate(0, $ < 10, $ + 2)  ==>  [0, 2, 4, 6, 8]
            generate(1, $ < 10, $ + 2, $ * 1000)  ==>  [1000, 3000, 5000, 7000, 9000]
            generateMany("1", {"1" => ["2", "3"], "2"=>["4"], "3"=>["5"]}.get($, []))  ==>  ['1', '2', '3', '4', '5']
            [].defaultIfEmpty([1, 2])  ==>  [1, 2]
            ["a", ["b", [2,3]]].flatten()  ==>  ['a', 'b', 2, 3]
            list(1, "", range(2))  ==>  [1, '', 0, 1]
            range(3).toList()  ==>  [0, 1, 2]
            concat("abc", "de", "f")  ==>  'abcdef'
            [1].concat([2, 3], [4, 5])  ==>  [1, 2, 3, 4, 5]
            len(range(10))  ==>  10
            range(3).len()  ==>  3
            first([1])  ==>  NoFunctionRegisteredException: Unknown function "first"
            [1, 2, 3].first()  ==>  1
            [1,2].single()  ==>  StopIteration: Collection contains more than one item
            [].single()  ==>  StopIteration:\s
            [null].first()  ==>  None
            [1,2].join(1)  ==>  NoMatchingMethodException: No method "join" for receiver (1, 2) matches supplied arguments
            $.l.select($ + 1).where($ > 2).len()  ==>  2
            $.ld.where($.x > 1).select($.x).first()  ==>  2
            $.ld.x.sum()  ==>  3
            [1,2,3].where($ > let(x => 1) -> $x)  ==>  NoMatchingFunctionException: No function "#operator_>" matches supplied arguments
            [1,2,3].select([$, $1])  ==>  [[1, 1], [2, 2], [3, 3]]
            [null, 1].where($ = null)  ==>  [None]
            [1, "a", null].orderBy($)  ==>  NoMatchingFunctionException: No function "#operator_<" matches supplied arguments
            ["b", "a"].orderBy($)  ==>  ['a', 'b']
            [2, 1.5, 3].orderBy($)  ==>  [1.5, 2, 3]
            [true, false].orderBy($)  ==>  NoMatchingFunctionException: No function "#operator_<" matches supplied arguments
            [[2], [1]].orderBy($)  ==>  NoMatchingFunctionException: No function "#operator_<" matches supplied arguments
            $.l.any($ > 2)  ==>  True
            $.l.all($ > 0)  ==>  True
            [1, 2, 3].sum(10)  ==>  16
            ["a", "b"].sum("c")  ==>  'cab'
            [1.5, 2].sum()  ==>  3.5
            [[1], [2]].sum()  ==>  [1, 2]
            [].max()  ==>  TypeError: reduce() of empty iterable with no initial value
            [1, 2].max(5)  ==>  5
            ["b", "a"].max()  ==>  'b'
            [1, "a"].max()  ==>  NoMatchingFunctionException: No function "#operator_>" matches supplied arguments
            max(null, 1)  ==>  1
            min(null, 1)  ==>  None
            [1, 2, 3].enumerate()  ==>  [[0, 1], [1, 2], [2, 3]]
            ['a', 'b', 'c'].enumerate(2)  ==>  [[2, 'a'], [3, 'b'], [4, 'c']]
            [1, 2].append(3, 4)  ==>  [1, 2, 3, 4]
            [[1, 2], [1, 2], [3]].distinct()  ==>  [[1, 2], [3]]
            [['a', 1], ['b', 2], ['c', 1], ['a', 3]].distinct($[1])  ==>  [['a', 1], ['b', 2], ['a', 3]]
            [1, 1.0, true].distinct()  ==>  [1]
            range(0)  ==>  []
            range(-3)  ==>  []
            range(5, 0, -2)  ==>  [5, 3, 1]
            range(1, 2, 0)  ==>  ValueError: range() arg 3 must not be zero
            sequence(5, -1).take(3)  ==>  [5, 4, 3]
            $.l.skip(-1)  ==>  ValueError: Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.
            $.l.take(-1)  ==>  ValueError: Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.
            $.l.take(10)  ==>  [1, 2, 3]
            zip(list(1, 2), list(a, b))  ==>  [[1, 'a'], [2, 'b']]
            zip([1, 2])  ==>  [1, 2]
            zip(null, [1])  ==>  [[None, 1]]
            zip([1], null)  ==>  [[1, None]]
            zip("ab", [1, 2])  ==>  [['a', 1], ['b', 2]]
            zip()  ==>  []
            [1,2].where($ > 5) or 1  ==>  []
            not [1,2].where($ > 5)  ==>  False
            bool([].select($))  ==>  True
            [1,2].select($) = [1,2]  ==>  False
            range(2) = range(2)  ==>  False
            [[1, 2], [3]].select($.len())  ==>  [2, 1]
            [[1, 2], [3]].select($.select($ * 10))  ==>  [[10, 20], [30]]
            [1, 2].select([$, $1])  ==>  [[1, 1], [2, 2]]
            [[1, 2]].select($[0] + $[1])  ==>  [3]
            [1, 2].select(let(x => $) -> $x + 1)  ==>  [2, 3]
            [1.5, 2.5].sum()  ==>  4.0
            [1, 2.0].max()  ==>  2.0
            [3, 1.0, 2].orderBy($)  ==>  [1.0, 2, 3]
            [{a => 2}, {a => 1}].orderBy($.a)  ==>  [{'a': 1}, {'a': 2}]
            [{a => 1}, {a => 1}, {b => 1}].distinct()  ==>  [{'a': 1}, {'b': 1}]
            [1, [1]].distinct()  ==>  [1, [1]]
            $.ld.where($.x = 2).single()  ==>  {'x': 2}
            $.ld.select($.x).where($ > 1)  ==>  [2]
            $.ld.x.where($ > 1)  ==>  [2]
            $.l.select($ + $1)  ==>  [2, 4, 6]
            let(x => [1, 2]) -> $x.select($ + 1)  ==>  [2, 3]
            let(x => 1) -> [1, 2].select($ + $x)  ==>  [2, 3]
            [3, 1].orderBy($).thenBy($)  ==>  [1, 3]
            [3, 1].thenBy($)  ==>  NoMatchingMethodException: No method "thenBy" for receiver (3, 1) matches supplied arguments
            [[1, 'a'], [1, 'b'], [0, 'c']].orderByDescending($[0]).thenByDescending($[1])  ==>  [[1, 'b'], [1, 'a'], [0, 'c']]
            range(10).where($ mod 2 = 0).skip(1).take(2)  ==>  [2, 4]
            range(5).reverse()  ==>  [4, 3, 2, 1, 0]
            range(1, 10).aggregate($1 * $2)  ==>  362880
            sequence(1).select($ * $).takeWhile($ < 50)  ==>  [1, 4, 9, 16, 25, 36, 49]
            [1, 2, 3].enumerate().select($[0] * $[1])  ==>  [0, 2, 6]
            [].enumerate()  ==>  []
            [1, 2, 3].any($ > 2)  ==>  True
            [1, 2, 3].all($ > 2)  ==>  False
            [[], 0, ''].any()  ==>  True
            [[], 0, ''].any(predicate => $)  ==>  False
            any([1])  ==>  True
            all([])  ==>  True
            distinct([1, 1])  ==>  [1]
            append([1], 2)  ==>  [1, 2]
            concat([1], [2])  ==>  [1, 2]
            [1].concat([2], [3])  ==>  [1, 2, 3]
            [1, 2, 3].memorize().sum()  ==>  6
            [1, 2, 3].first(default => 0)  ==>  1
            [].last(default => 0)  ==>  0
            [].last()  ==>  StopIteration:\s
            [1, [2, 3], 4].selectMany($)  ==>  [1, 2, 3, 4]
            toList(range(2))  ==>  NoFunctionRegisteredException: Unknown function "toList"
            range(2).toList()  ==>  [0, 1]
            [1, 2, 3].count()  ==>  3
            "abc".count()  ==>  NoMatchingMethodException: No method "count" for receiver abc matches supplied arguments
            {a => 1, b => 2}.values().sum()  ==>  3
            isList(range(2))  ==>  False
            isIterable(range(2))  ==>  True
            max(1, "a")  ==>  NoMatchingFunctionException: No function "#operator_>" matches supplied arguments
            min("a", "b")  ==>  'a'
            max([1], 2)  ==>  NoMatchingFunctionException: No function "#operator_>" matches supplied arguments
            [1, 2, 3].groupBy($ mod 2, $ * 10, $.sum())  ==>  [[1, 40], [0, 20]]
            [1, 2, 3].groupBy($ mod 2, aggregator => $.len())  ==>  [[1, 2], [0, 1]]
            [1, 2].zipLongest([3], [4, 5, 6])  ==>  [[1, 3, 4], [2, None, 5], [None, None, 6]]
            [1, 2].where()  ==>  NoMatchingMethodException: No method "where" for receiver (1, 2) matches supplied arguments
            [1, 2].where($ > 1, 2)  ==>  NoMatchingMethodException: No method "where" for receiver (1, 2) matches supplied arguments
            where([1, 2], $ > 1)  ==>  NoFunctionRegisteredException: Unknown function "where"
            $.l.select($.x)  ==>  NoFunctionRegisteredException: Unknown function "#property#x"
            $.ld.select($.y)  ==>  KeyError: 'y'
            let(a => $.l) -> $a.sum()  ==>  6
            $.l.where($ > 1).where($ > 2)  ==>  [3]
            $.l.select($ * 2).orderByDescending($).first()  ==>  6
            $.l.aggregate($1 + $2, 100)  ==>  106
            $.l.reduce($1 * $2)  ==>  6
            $.l.sum() / $.l.len()  ==>  2
            float($.l.sum()) / $.l.len()  ==>  2.0
            $.ld.select($.x).toList()[0]  ==>  1
            $.ld.select($.x)[0]  ==>  NoMatchingFunctionException: No function "#indexer" matches supplied arguments
            dict(zip([a, b], [1, 2]))  ==>  {'a': 1, 'b': 2}
            dict([a, b].zip([1, 2]))  ==>  {'a': 1, 'b': 2}
            {a => 1, b => 2}.items().select($[0])  ==>  ['a', 'b']
            {a => 1}.keys().first()  ==>  'a'
            [{a => 1}].select($.set(b, 2))  ==>  [{'a': 1, 'b': 2}]
            {a => [1, 2]}.mergeWith({a => [2, 3]})  ==>  {'a': [1, 2, 3]}
            {a => 1}.mergeWith({a => {b => 1}})  ==>  TypeError: Cannot merge <class 'int'> with <class 'yaql.language.utils.FrozenDict'>
            [1, 2, 3].slice(2).toList()  ==>  [[1, 2], [3]]
            range(3).insert(1, 9)  ==>  [0, 9, 1, 2]
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void queriesCases(YaqlCases.Case c) {
        YaqlCases.check(c);
    }

    static List<YaqlCases.Case> regex() {
        return YaqlCases.table("""
            "ab" =~ "a."  ==>  True
            "ab" !~ "^b"  ==>  True
            "xyz" =~ regex("Y", ignoreCase => true)  ==>  True
            regex("a.c").matches("abc")  ==>  True
            "abc".matches("a.c")  ==>  True
            regex("a.c").search("cabc", $.start)  ==>  1
            regex("a.c").searchAll("abcadc")  ==>  ['abc', 'adc']
            regex("a.").split("abcadc")  ==>  ['', 'c', 'c']
            regex("a.").split("abcadc", maxSplit => 1)  ==>  ['', 'cadc']
            "abcadc".split(regex("a."))  ==>  ['', 'c', 'c']
            regex("a.").replace("abcadc", "xx")  ==>  'xxcxxc'
            regex("a.").replace("abcadc", "xx", count => 1)  ==>  'xxcadc'
            "abcadc".replace(regex("a."), "xx")  ==>  'xxcxxc'
            regex("a.c").replaceBy("abcadc", switch($.value = "abc" => xx, $.value = "adc" => yy))  ==>  'xxyy'
            escapeRegex('a.')  ==>  'a\\\\.'
            isRegex(regex("a.c"))  ==>  True
            regex("(a)(b)").replace("abab", "\\\\2\\\\1")  ==>  'baba'
            regex("(a)(b)?").search("xab", [$.value, $2.value, $3.value])  ==>  ['ab', 'a', 'b']
            regex("(a)(b)?").search("xa", $3)  ==>  {'value': None, 'start': -1, 'end': -1}
            regex("a").search("xyz")  ==>  None
            regex("(\\\\d+)").searchAll("a1b22c333", $2.value)  ==>  ['1', '22', '333']
            regex("a", ignoreCase => true).matches("A")  ==>  True
            regex("^b", multiLine => true).matches("a\\nb")  ==>  True
            regex("a.b", dotAll => true).matches("a\\nb")  ==>  True
            regex("a.b").matches("a\\nb")  ==>  False
            "a1b2".replace(regex("\\\\d"), "#")  ==>  'a#b#'
            "a1b2".replace(regex("(\\\\d)"), "<\\\\1>", 1)  ==>  'a<1>b2'
            regex("(?P<n>\\\\d)").replace("a1", "[\\\\g<n>]")  ==>  'a[1]'
            regex("(\\\\d)").replace("a1", "[\\\\g<1>]")  ==>  'a[1]'
            "a1b2".replaceBy(regex("\\\\d"), str(int($.value) * 2))  ==>  'a2b4'
            "a.b".split(regex("\\\\."))  ==>  ['a', 'b']
            regex(",").split("a,b,,c", maxSplit => 2)  ==>  ['a', 'b', ',c']
            regex("(,)").split("a,b")  ==>  ['a', ',', 'b']
            escapeRegex("a+b (c)")  ==>  'a\\\\+b\\\\ \\\\(c\\\\)'
            "ab" =~ "(?i)AB"  ==>  True
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regex")
    void regexCases(YaqlCases.Case c) {
        YaqlCases.check(c);
    }

    static List<YaqlCases.Case> orquesta() {
        return YaqlCases.table("""
            json("")  ==>  JSONDecodeError: Expecting value: line 1 column 1 (char 0)
            json({a => 1})  ==>  TypeError: Given object is not typeof string.
            json('{"a": 1, "b": [true, null, 1.5]}')  ==>  {'a': 1, 'b': [True, None, 1.5]}
            json('"x"')  ==>  'x'
            json("1 2")  ==>  JSONDecodeError: Extra data: line 1 column 3 (char 2)
            json("[1, 2.0, 30000000000000000000]")  ==>  [1, 2.0, 30000000000000000000]
            """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orquesta")
    void orquestaCases(YaqlCases.Case c) {
        YaqlCases.check(c);
    }
}
