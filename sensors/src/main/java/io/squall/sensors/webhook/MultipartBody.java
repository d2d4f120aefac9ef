package io.squall.sensors.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * multipart/form-data (RFC 7578) as the body, decoded by Netty's multipart decoder (already under Vert.x): a field is
 * text like a urlencoded field; a file part becomes {@code {filename, contentType, size, content}} with the content
 * as text only when it is text and at most {@link #MAX_TEXT_CONTENT} bytes, else a {@code note} says why it was left
 * out (the trigger is stored in Kubernetes; binary uploads do not belong there).
 */
final class MultipartBody {
    static final int MAX_TEXT_CONTENT = 64 * 1024;

    private MultipartBody() {}

    static ObjectNode parse(String contentType, byte[] body, FormFields fields) throws WebhookBody.RejectedBody {
        String boundary = boundary(contentType);
        if (!contains(body, ("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1))) {
            // Netty returns the parts read so far from a cut body; a part silently missing is worse than a 400
            throw new WebhookBody.RejectedBody("malformed multipart/form-data: the closing delimiter --" + boundary
                    + "-- is missing (body cut short?)");
        }
        DefaultFullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpPostMultipartRequestDecoder decoder = null;
        try {
            decoder = new HttpPostMultipartRequestDecoder(
                    new DefaultHttpDataFactory(false), request, StandardCharsets.UTF_8);
            List<InterfaceHttpData> parts = decoder.getBodyHttpDatas();
            int sent = delimiters(body, boundary) - 1;
            if (parts.size() != sent) {
                // Netty skips a part it cannot read (no form-data name); a part silently missing is worse than a 400
                throw new WebhookBody.RejectedBody("malformed multipart/form-data: " + sent + " part(s) sent, "
                        + parts.size() + " readable: each part needs Content-Disposition: form-data; name=\"...\"");
            }
            for (InterfaceHttpData part : parts) {
                if (part instanceof FileUpload file) {
                    fields.add(file.getName(), file(file));
                } else if (part instanceof Attribute field) {
                    fields.addText(field.getName(), text(field.get(), charset(field.getCharset()), field.getName()));
                }
            }
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException
                | HttpPostRequestDecoder.NotEnoughDataDecoderException
                | IllegalArgumentException e) {
            throw new WebhookBody.RejectedBody("malformed multipart/form-data: " + reason(e));
        } catch (java.io.IOException e) {
            throw new WebhookBody.RejectedBody("multipart/form-data could not be read: " + e.getMessage());
        } finally {
            if (decoder != null) {
                decoder.destroy();
            }
            request.release();
        }
        return fields.result("multipart/form-data");
    }

    private static ObjectNode file(FileUpload file) throws java.io.IOException {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("filename", file.getFilename());
        node.put("contentType", file.getContentType());
        node.put("size", file.length());
        byte[] bytes = file.get();
        if (!isText(file.getContentType())) {
            node.put("note", "content left out: " + file.getContentType() + " is not text");
        } else if (bytes.length > MAX_TEXT_CONTENT) {
            node.put("note", "content left out: " + bytes.length + " bytes is over " + MAX_TEXT_CONTENT);
        } else {
            Charset charset = charset(file.getCharset());
            try {
                node.put("content", strict(bytes, charset));
            } catch (CharacterCodingException e) {
                node.put("note", "content left out: not valid " + charset.name() + " text");
            }
        }
        return node;
    }

    static boolean isText(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.endsWith("+json")
                || type.equals("application/xml")
                || type.endsWith("+xml")
                || type.equals("application/yaml")
                || type.equals("application/x-yaml")
                || type.equals("application/x-www-form-urlencoded");
    }

    private static String text(byte[] bytes, Charset charset, String name) throws WebhookBody.RejectedBody {
        try {
            return strict(bytes, charset);
        } catch (CharacterCodingException e) {
            throw new WebhookBody.RejectedBody(
                    "malformed multipart/form-data: field '" + name + "' is not valid " + charset.name() + " text");
        }
    }

    private static String strict(byte[] bytes, Charset charset) throws CharacterCodingException {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
    }

    private static Charset charset(Charset declared) {
        return declared == null ? StandardCharsets.UTF_8 : declared;
    }

    private static String boundary(String contentType) throws WebhookBody.RejectedBody {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.regionMatches(true, 0, "boundary=", 0, 9)) {
                String boundary = trimmed.substring(9);
                if (boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
                    boundary = boundary.substring(1, boundary.length() - 1);
                }
                if (!boundary.isEmpty()) {
                    return boundary;
                }
            }
        }
        throw new WebhookBody.RejectedBody("multipart/form-data needs a boundary parameter in Content-Type");
    }

    /** Lines that start with --boundary (RFC 2046: the boundary never occurs in a part), the close delimiter too. */
    private static int delimiters(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int count = 0;
        for (int i = 0; i + delimiter.length <= body.length; i++) {
            if ((i == 0 || body[i - 1] == '\n')
                    && java.util.Arrays.equals(body, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                count++;
            }
        }
        return count;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
