package io.squall.runner.process;

import java.nio.charset.StandardCharsets;

/** Keeps the last {@code capacity} bytes written to it (a ring buffer) and counts everything written. */
public final class OutputTail {
    private final byte[] ring;
    private long total;

    public OutputTail(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("output capacity must be positive, got " + capacity);
        }
        this.ring = new byte[capacity];
    }

    public synchronized void append(byte[] data) {
        int offset = 0;
        int length = data.length;
        if (length > ring.length) {
            // only the end can survive; skip straight to it
            offset = length - ring.length;
            total += offset;
            length = ring.length;
        }
        int start = (int) (total % ring.length);
        int first = Math.min(length, ring.length - start);
        System.arraycopy(data, offset, ring, start, first);
        System.arraycopy(data, offset + first, ring, 0, length - first);
        total += length;
    }

    /**
     * The kept bytes as UTF-8 text. When the cut fell inside a multi-byte character, its orphaned
     * continuation bytes are dropped too (and counted), so the text never starts with garbage.
     */
    public synchronized CapturedOutput snapshot() {
        int kept = (int) Math.min(total, ring.length);
        byte[] tail = new byte[kept];
        int start = (int) ((total - kept) % ring.length);
        int first = Math.min(kept, ring.length - start);
        System.arraycopy(ring, start, tail, 0, first);
        System.arraycopy(ring, 0, tail, first, kept - first);
        long dropped = total - kept;
        int skip = 0;
        if (dropped > 0) {
            while (skip < tail.length && skip < 3 && (tail[skip] & 0xC0) == 0x80) {
                skip++;
            }
        }
        return new CapturedOutput(new String(tail, skip, tail.length - skip, StandardCharsets.UTF_8), dropped + skip);
    }
}
