package dev.hookcast.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;

class NoServiceFilesTest {

    @Test
    void aTaskIsSubmittedWithTheLoaderThatHidesServiceFilesAndTheCallersLoaderIsRestored() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        List<ClassLoader> seen = new ArrayList<>();
        NoServiceFiles.executeOrRun(task -> {
            seen.add(Thread.currentThread().getContextClassLoader());
            task.run();
        }, () -> { });
        assertEquals(List.of(NoServiceFiles.LOADER), seen);
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void aTaskTheExecutorRefusesRunsOnTheCallersThread() {
        List<Thread> ran = new ArrayList<>();
        NoServiceFiles.executeOrRun(task -> {
            throw new RejectedExecutionException("all threads busy");
        }, () -> ran.add(Thread.currentThread()));
        assertEquals(List.of(Thread.currentThread()), ran);
    }

    @Test
    void anExecutorThatTakesTheTaskRunsItAlone() {
        List<Runnable> queued = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        NoServiceFiles.executeOrRun(queued::add, () -> ran.add("ran"));
        assertFalse(queued.isEmpty());
        assertEquals(List.of(), ran, "not run here as well");
    }
}
