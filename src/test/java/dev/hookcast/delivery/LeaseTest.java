package dev.hookcast.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LeaseTest {

    private static final long FOREVER = TimeUnit.MINUTES.toNanos(1);

    @Test
    void aLeaseWaitsUntilBothBudgetsHaveRoomAndGivesBackOnce() throws Exception {
        ByteBudget own = new ByteBudget(100);
        ByteBudget shared = new ByteBudget(150);
        Lease first = Lease.take(own, shared, 80, FOREVER, () -> false);
        ByteBudget other = new ByteBudget(100);
        // the shared budget has 70 left: 60 more fits, 80 waits
        assertNotNull(Lease.take(other, shared, 60, FOREVER, () -> false));
        CompletableFuture<Lease> waiting = CompletableFuture.supplyAsync(() -> take(new ByteBudget(100), shared, 80));
        assertFalse(waiting.isDone());
        first.release();
        first.release();
        assertNotNull(waiting.get(10, TimeUnit.SECONDS));
        assertEquals(0, own.held(), "a second release gives nothing back twice");
        assertEquals(140, shared.held());
    }

    @Test
    void aRequestLargerThanTheBudgetGoesAloneAndSplitsAreReleasedByTheirFrames() throws Exception {
        ByteBudget own = new ByteBudget(100);
        ByteBudget shared = new ByteBudget(1_000);
        Lease big = Lease.take(own, shared, 300, FOREVER, () -> false);
        assertNotNull(big, "nothing else held: an oversized request goes");
        assertNull(Lease.take(own, shared, 1, TimeUnit.MILLISECONDS.toNanos(50), () -> false), "and then nothing more");
        Lease frame = big.split(200);
        big.release();
        assertEquals(200, own.held());
        Lease beyond = frame.split(250);
        assertEquals(250, own.held(), "an estimate that proved short takes the rest without waiting");
        frame.release();
        beyond.release();
        assertEquals(0, own.held());
        assertEquals(0, shared.held());
    }

    @Test
    void aWaitGivesUpWhenTheSubscriberCloses() throws Exception {
        ByteBudget own = new ByteBudget(10);
        Lease.take(own, new ByteBudget(10), 10, FOREVER, () -> false);
        long start = System.nanoTime();
        assertNull(Lease.take(own, new ByteBudget(10), 5, FOREVER, () -> true));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    private static Lease take(ByteBudget own, ByteBudget shared, long bytes) {
        try {
            return Lease.take(own, shared, bytes, FOREVER, () -> false);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
