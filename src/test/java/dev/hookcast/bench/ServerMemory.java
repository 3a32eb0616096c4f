package dev.hookcast.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of a server process on this machine (Linux): its resident set from
 * {@code /proc/PID/status}, and its Java heap in use just after a full collection, through the
 * JDK's {@code jcmd} ({@code GC.run}, then {@code GC.heap_info}).
 */
record ServerMemory(long rssKib, long heapUsedKib) {

    private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB$", Pattern.MULTILINE);
    /** G1's line: {@code garbage-first heap   total 524288K, used 123456K [...]}; other collectors say the same. */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final long JCMD_TIMEOUT_SECONDS = 60;

    static ServerMemory of(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher heap = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!heap.find()) {
            throw new IOException("jcmd " + pid + " GC.heap_info printed no 'heap total ..K, used ..K' line");
        }
        Matcher rss = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!rss.find()) {
            throw new IOException("/proc/" + pid + "/status has no VmRSS line");
        }
        return new ServerMemory(Long.parseLong(rss.group(1)), Long.parseLong(heap.group(1)));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path jcmd = java.resolveSibling("jcmd");
        // Output to a file, so that waiting for jcmd is what the deadline bounds (a pipe read would block).
        Path out = Files.createTempFile("jcmd-", ".txt");
        try {
            Process process = new ProcessBuilder(List.of(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                    Long.toString(pid), command)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("jcmd " + pid + " " + command + " did not finish in " + JCMD_TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("jcmd " + pid + " " + command + " failed: " + output.strip());
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
