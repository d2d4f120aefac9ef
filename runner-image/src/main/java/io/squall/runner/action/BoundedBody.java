package io.squall.runner.action;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A response body handler that keeps the first {@code limit} bytes and counts the rest, so a huge
 * response cannot exhaust the runner's memory.
 */
final class BoundedBody implements Flow.Subscriber<List<ByteBuffer>> {
    /** What was kept of the body and how many bytes were dropped. */
    record Bytes(byte[] kept, long droppedBytes) {}

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    private BoundedBody(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<Bytes> handler(int limit) {
        return info -> HttpResponse.BodySubscribers.fromSubscriber(new BoundedBody(limit), BoundedBody::bytes);
    }

    private Bytes bytes() {
        return new Bytes(kept.toByteArray(), dropped);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int room = limit - kept.size();
            int take = Math.min(room, buffer.remaining());
            byte[] chunk = new byte[take];
            buffer.get(chunk);
            kept.writeBytes(chunk);
            dropped += buffer.remaining();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // the HTTP client completes the response future exceptionally itself
    }

    @Override
    public void onComplete() {
        // fromSubscriber's finisher reads the bytes once the body is complete
    }
}
