package dev.hookcast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class AnswerGateTest {

    @Test
    void anAnswerGivenDuringTheDispatchWaitsForItToReturnAndRunsOnTheDispatchingThread() {
        AnswerGate gate = new AnswerGate();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        gate.answer(() -> {
            runs.incrementAndGet();
            ranOn.set(Thread.currentThread());
        });
        assertEquals(0, runs.get(), "answered while the dispatch is still returning");
        gate.open();
        assertEquals(1, runs.get());
        assertSame(Thread.currentThread(), ranOn.get());
        gate.open();
        assertEquals(1, runs.get(), "a held answer runs once");
    }

    @Test
    void anAnswerGivenAfterTheDispatchReturnedRunsAtOnce() {
        AnswerGate gate = new AnswerGate();
        gate.open();
        AtomicInteger runs = new AtomicInteger();
        gate.answer(runs::incrementAndGet);
        assertEquals(1, runs.get());
    }

    @Test
    void anAnswerRacingTheDispatchsReturnRunsExactlyOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            int rounds = 20_000;
            AtomicInteger[] runs = new AtomicInteger[rounds];
            List<Future<?>> races = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                AnswerGate gate = new AnswerGate();
                AtomicInteger count = runs[i] = new AtomicInteger();
                CyclicBarrier start = new CyclicBarrier(2);
                races.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    gate.answer(count::incrementAndGet);
                    return null;
                }));
                races.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    gate.open();
                    return null;
                }));
            }
            for (Future<?> race : races) {
                race.get(30, TimeUnit.SECONDS);
            }
            for (int i = 0; i < rounds; i++) {
                assertEquals(1, runs[i].get(), "round " + i);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
