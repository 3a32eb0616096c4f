package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What subscribers send (on Payara): read and discarded, and a message over 64 KiB closes the
 * sender's session with 1009, whether it comes in one frame or in many; a single frame over the
 * container's 4 MiB buffer with 1011. Either way the server's log stays quiet (a 5 MiB frame used to
 * leave a stack trace there, and any larger message was read on without limit), and other
 * subscribers of the channel notice nothing.
 */
class ClientMessageIT extends AgainstDeployment {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LIMIT = 65_536;

    @Test
    void smallMessagesAreDiscardedAndTheSessionGoesOn() throws Exception {
        String channel = Hookcast.uniqueChannel("chatty");
        TestSubscriber chatty = hookcast.subscribe(channel);
        for (int i = 0; i < 20; i++) {
            chatty.socket().sendText("x".repeat(LIMIT / 2), true).get(10, TimeUnit.SECONDS);
            chatty.socket().sendBinary(ByteBuffer.allocate(LIMIT), true).get(10, TimeUnit.SECONDS);
        }
        long id = hookcast.postJson(channel, "{\"after\":\"chatter\"}");
        assertEquals(List.of(id), chatty.awaitHookIds(List.of(id), WAIT), "messages up to the limit are discarded");
        assertFalse(chatty.isClosed());
        assertServerLogClean();
    }

    @Test
    void aMessageOverTheLimitClosesItsSessionWith1009AndNobodyElseNotices() throws Exception {
        String channel = Hookcast.uniqueChannel("too-big");
        TestSubscriber bystander = hookcast.subscribe(channel);
        List<Long> ids = new ArrayList<>(List.of(hookcast.postJson(channel, "{\"before\":true}")));

        TestSubscriber oneFrame = hookcast.subscribe(channel);
        oneFrame.socket().sendBinary(ByteBuffer.allocate(5 << 20), true);
        TestSubscriber justOver = hookcast.subscribe(channel);
        justOver.socket().sendBinary(ByteBuffer.allocate(LIMIT + 1), true);
        TestSubscriber inPieces = hookcast.subscribe(channel);
        try {
            // up to the first frame past the limit, and no further: a client still sending when the
            // server closes can get a TCP reset (1006) ahead of the close frame
            for (int sent = 0; sent <= LIMIT && !inPieces.isClosed(); sent += 32 << 10) {
                inPieces.socket().sendText("y".repeat(32 << 10), false).get(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException closedMeanwhile) {
            // the server closed the session while the message was still being sent
        }

        assertEquals(1009, closeCode(justOver), "a message just over the limit");
        assertEquals(1009, closeCode(inPieces), "a message over the limit in 32 KiB frames");
        assertEquals(1011, closeCode(oneFrame), "a 5 MiB message in one frame: Payara's container buffers a frame whole, up to"
                + " 4 MiB, and refuses a larger one itself (\"Buffer overflow.\"); WildFly's hands it over in pieces (1009,"
                + " SmokeWildFlyIT)");

        ids.add(hookcast.postJson(channel, "{\"after\":true}"));
        assertEquals(ids, bystander.awaitHookIds(ids, WAIT), "the other subscriber gets every hook");
        assertFalse(bystander.isClosed());
        assertServerLogClean();
    }

    private static int closeCode(TestSubscriber subscriber) throws Exception {
        return subscriber.closeCode(WAIT);
    }

}
