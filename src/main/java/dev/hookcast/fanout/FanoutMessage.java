package dev.hookcast.fanout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.hookcast.audit.Header;
import dev.hookcast.ingest.HookAccepted;

/**
 * A batch of committed hooks as one instance tells the others: each hook whole, except that a
 * body over {@link #INLINE_BODY_LIMIT} is left out (the message says so, and the receivers read
 * that hook from the audit store instead of carrying it through the broker).
 */
final class FanoutMessage {

    static final int INLINE_BODY_LIMIT = 1 << 20;
    private static final int VERSION = 1;
    private static final int NOT_INLINE = -1;

    private FanoutMessage() {
    }

    /** What a receiver makes of a message: the hooks it carried whole, and whether any was left out. */
    record Decoded(List<HookAccepted> hooks, boolean omitted) {
    }

    static byte[] encode(List<HookAccepted> hooks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * hooks.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(hooks.size());
            for (HookAccepted hook : hooks) {
                out.writeLong(hook.id());
                out.writeLong(hook.previousId());
                writeString(out, hook.channel());
                out.writeLong(hook.receivedAt().getEpochSecond());
                out.writeInt(hook.receivedAt().getNano());
                writeString(out, hook.contentType());
                writeString(out, Header.toJson(hook.headers()));
                if (hook.body().length > INLINE_BODY_LIMIT) {
                    out.writeInt(NOT_INLINE);
                } else {
                    out.writeInt(hook.body().length);
                    out.write(hook.body());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The message's hooks; throws IllegalArgumentException for anything that is not such a message. */
    static Decoded decode(byte[] message) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
            if (in.readByte() != VERSION) {
                throw new IllegalArgumentException("not a Hookcast fan-out message of version " + VERSION);
            }
            int count = in.readInt();
            List<HookAccepted> hooks = new ArrayList<>(Math.min(count, 1024));
            boolean omitted = false;
            for (int i = 0; i < count; i++) {
                long id = in.readLong();
                long previousId = in.readLong();
                String channel = readString(in);
                Instant receivedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
                String contentType = readString(in);
                List<Header> headers = Header.fromJson(readString(in));
                int length = in.readInt();
                if (length == NOT_INLINE) {
                    omitted = true;
                    continue;
                }
                hooks.add(new HookAccepted(id, previousId, channel, receivedAt, contentType, headers,
                        in.readNBytes(checked(length, in))));
            }
            return new Decoded(hooks, omitted);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable fan-out message: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : new String(in.readNBytes(checked(length, in)), StandardCharsets.UTF_8);
    }

    private static int checked(int length, DataInputStream in) throws IOException {
        if (length < 0 || length > in.available()) {
            throw new IOException("a length of " + length + " runs past the message");
        }
        return length;
    }
}
