package io.squall.sensors.poll;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream up to a limit, so a runaway endpoint or command cannot exhaust the heap. */
final class BoundedRead {
    static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    private BoundedRead() {}

    static byte[] readAll(InputStream in, int limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (out.size() + read > limit) {
                throw new IOException(what + " is larger than " + limit + " bytes");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
