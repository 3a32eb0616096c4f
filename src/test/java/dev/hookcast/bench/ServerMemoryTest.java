package dev.hookcast.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerMemoryTest {

    @Test
    void readsAJavaProcesssHeapAfterGcAndItsResidentSet() throws Exception {
        byte[][] held = new byte[64][];
        for (int i = 0; i < held.length; i++) {
            held[i] = new byte[1 << 20];
        }
        ServerMemory memory = ServerMemory.of(ProcessHandle.current().pid());
        assertTrue(memory.heapUsedKib() >= 64 * 1024, "64 MiB held, heap used " + memory.heapUsedKib() + " KiB");
        assertTrue(memory.rssKib() >= memory.heapUsedKib(), memory.toString());
        assertTrue(held[63].length > 0);
    }
}
