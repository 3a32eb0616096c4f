package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.hookcast.bench.Benchmark;

/**
 * The benchmark, once per scenario at a small size, against the deployed WAR: it proves the
 * program works and that its checks hold (exit code 0 means no frame lost, duplicated or out
 * of order, every POST answered 202, every connection served). No figure is asserted: timings
 * belong in BENCHMARKS.md, not in the suite.
 */
class BenchmarkIT extends AgainstDeployment {

    @Test
    void fanout() throws Exception {
        String out = run("fanout", "--subscribers", "20", "--hooks", "100", "--senders", "4");
        assertTrue(out.contains("deliveries 2000 frames"), out);
    }

    /** The same with hookcast.batch: every line of every message is counted as one hook. */
    @Test
    void fanoutBatch() throws Exception {
        String out = run("fanout", "--subscribers", "20", "--hooks", "100", "--senders", "4", "--batch");
        assertTrue(out.contains("deliveries 2000 frames"), out);
        assertTrue(out.contains("subscribers 20 (hookcast.batch)"), out);
    }

    @Test
    void latencyBatch() throws Exception {
        String out = run("latency", "--subscribers", "10", "--rate", "50", "--seconds", "2", "--batch");
        assertTrue(out.contains("delivery latency ms over 1000 deliveries"), out);
    }

    @Test
    void latency() throws Exception {
        String out = run("latency", "--subscribers", "10", "--rate", "50", "--seconds", "2", "--warmup", "1");
        // the warm-up's 50 hooks (another channel) are reported apart, not counted in the run's
        assertTrue(out.contains("warm-up 50 hooks at 50/s for 1 s"), out);
        assertTrue(out.contains("delivery latency ms over 1000 deliveries"), out);
        assertTrue(out.contains("slowest seconds "), out);
    }

    @Test
    void connections() throws Exception {
        String out = run("connections", "--count", "200", "--channels", "10");
        assertTrue(out.contains("got their hook 200 of 200"), out);
    }

    @Test
    void ingest() throws Exception {
        String out = run("ingest", "--senders", "8", "--hooks", "400");
        assertTrue(out.contains("accepted 400 of 400 POSTs answered 202"), out);
    }

    @Test
    void replay() throws Exception {
        String out = run("replay", "--hooks", "300", "--senders", "4");
        assertTrue(out.contains("replayed 300 hooks"), out);
    }

    /** Runs the benchmark in this JVM; asserts it passed and returns what it printed, blanks collapsed. */
    private String run(String... scenario) throws Exception {
        String[] args = new String[scenario.length + 4];
        args[0] = "--base";
        args[1] = base.toString();
        args[2] = "--timeout";
        args[3] = "120";
        System.arraycopy(scenario, 0, args, 4, scenario.length);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        int code;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = Benchmark.run(args);
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        out.print(text);
        assertEquals(0, code, text);
        assertServerLogClean();
        return text.replaceAll("[ \\t]+", " ");
    }
}
