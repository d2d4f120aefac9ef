package io.squall.engine.workflow.rehearse;

import io.squall.engine.workflow.Statuses;
import io.squall.engine.workflow.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rehearsal's {@code mock_action_executions}, served as Orquesta's rehearsal serves them: per task in list order,
 * each mock used {@code num_iter} times; a mock pinned to a sequence index ({@code seq_id}) is used only there and
 * blocks the unpinned mocks after it until used.
 */
final class MockExecutions {
    static final class Mock {
        final String taskId;
        final String status;
        Object result;
        final String resultPath;
        final Integer seqId;
        Integer itemId;
        final int iterId;
        final int numIter;
        int iterPos;

        Mock(Map<String, Object> m) {
            taskId = String.valueOf(m.get("task_id"));
            Object s = m.get("status");
            status = s == null || "".equals(s) ? Statuses.SUCCEEDED : String.valueOf(s);
            result = Values.normalize(m.get("result"));
            resultPath = m.get("result_path") == null ? null : String.valueOf(m.get("result_path"));
            seqId = m.get("seq_id") instanceof Number n ? n.intValue() : null;
            itemId = m.get("item_id") instanceof Number n ? n.intValue() : null;
            iterId = m.get("iter_id") instanceof Number n ? n.intValue() : 0;
            numIter = m.get("num_iter") instanceof Number n ? n.intValue() : 1;
            iterPos = iterId - 1;
        }

        Mock(String taskId) {
            this(Map.of("task_id", taskId));
        }

        boolean hasUsesLeft() {
            return iterPos < iterId + numIter - 1;
        }
    }

    private final List<Mock> mocks = new ArrayList<>();

    /** Reads the mocks; a {@code result_path} (relative to {@code baseDir}) is read as JSON/YAML by extension, else text. */
    @SuppressWarnings("unchecked")
    MockExecutions(Object list, java.nio.file.Path baseDir) {
        if (list instanceof List<?> l) {
            l.forEach(m -> mocks.add(new Mock((Map<String, Object>) m)));
        }
        for (Mock m : mocks) {
            if (m.resultPath == null) {
                continue;
            }
            java.nio.file.Path file = (baseDir == null ? java.nio.file.Path.of(".") : baseDir).resolve(m.resultPath);
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new IllegalArgumentException(
                        "The result path \"" + m.resultPath + "\" for the mock action execution does not exist.");
            }
            try {
                String text = java.nio.file.Files.readString(file);
                String name = file.getFileName().toString();
                m.result = name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")
                        ? Values.normalize(
                                new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                                                new org.yaml.snakeyaml.LoaderOptions()))
                                        .load(text))
                        : text;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    List<Mock> all() {
        return mocks;
    }

    /** The mock for the task's execution at sequence index {@code seqId}, or null (then the default applies). */
    Mock next(String taskId, Integer seqId) {
        List<Mock> candidates = mocks.stream()
                .filter(m -> m.taskId.equals(taskId) && m.hasUsesLeft())
                .toList();
        if (!candidates.isEmpty() && seqId != null) {
            candidates = candidates.stream().filter(m -> seqId.equals(m.seqId)).toList();
        }
        if (!candidates.isEmpty() && candidates.get(0).seqId != null && seqId == null) {
            return null;
        }
        return candidates.isEmpty() ? null : candidates.get(0);
    }
}
