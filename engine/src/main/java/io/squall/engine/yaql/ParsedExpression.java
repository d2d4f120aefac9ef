package io.squall.engine.yaql;

/** A parsed expression: the immutable tree and its text. */
final class ParsedExpression implements YaqlExpression {
    private final String source;
    private final Node root;

    ParsedExpression(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    @Override
    public Object evaluate(YaqlContext context) throws YaqlEvaluationException {
        Evaluation ev = new Evaluation(context.limits());
        try {
            Object result = Evaluator.eval(root, context.attach(ev));
            return YaqlValues.output(result, ev);
        } catch (YaqlError e) {
            throw e.checked();
        } catch (StackOverflowError e) {
            throw new YaqlEvaluationException(
                    YaqlEvaluationException.LIMIT_EXCEEDED, "Expression nesting exceeds the interpreter's stack");
        }
    }

    @Override
    public String source() {
        return source;
    }

    Node root() {
        return root;
    }

    @Override
    public String toString() {
        return source;
    }
}
