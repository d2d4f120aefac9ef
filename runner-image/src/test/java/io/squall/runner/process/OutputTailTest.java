package io.squall.runner.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    @Test
    void keepsEverythingUnderTheBound() {
        OutputTail tail = new OutputTail(16);
        tail.append(bytes("hello "));
        tail.append(bytes("world"));
        assertThat(tail.snapshot()).isEqualTo(new CapturedOutput("hello world", 0));
    }

    @Test
    void keepsTheLastBytesAndCountsTheDroppedOnes() {
        OutputTail tail = new OutputTail(10);
        for (int i = 0; i < 10; i++) {
            tail.append(bytes("line" + i + "\n"));
        }
        assertThat(tail.snapshot()).isEqualTo(new CapturedOutput("ne8\nline9\n", 50));
    }

    @Test
    void aSingleChunkLargerThanTheBoundKeepsItsEnd() {
        OutputTail tail = new OutputTail(4);
        tail.append(bytes("ab"));
        tail.append(bytes("0123456789"));
        assertThat(tail.snapshot()).isEqualTo(new CapturedOutput("6789", 8));
    }

    @Test
    void aCutInsideAMultiByteCharacterDropsItsRemainsToo() {
        OutputTail tail = new OutputTail(5);
        tail.append(bytes("xx€€")); // € is 3 bytes: the last 5 bytes start inside the first €
        assertThat(tail.snapshot()).isEqualTo(new CapturedOutput("€", 5));
    }

    @Test
    void rejectsANonPositiveBound() {
        assertThatThrownBy(() -> new OutputTail(0)).hasMessageContaining("positive");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
