package dev.hookcast.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Payara Micro log the integration tests write (arquillian.xml: --logtofile). */
public final class ServerLog {

    /** Payara's log handler adds a generation number to the name given with --logtofile. */
    private static final Path FILE = Path.of(System.getProperty("hookcast.serverLog", "target/it-server.log") + ".0");

    private ServerLog() {
    }

    /** Where the log ends now. */
    public static long mark() throws IOException {
        return Files.exists(FILE) ? Files.size(FILE) : 0;
    }

    /** True if a line of the whole log contains {@code text}. */
    public static boolean contains(String text) throws IOException {
        return Files.exists(FILE) && Files.readString(FILE, StandardCharsets.UTF_8).contains(text);
    }

    /** The log lines since {@code mark} that report an exception or a severe error. */
    public static List<String> problemsSince(long mark) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.exists(FILE)) {
            throw new AssertionError("no server log at " + FILE + ": is --logtofile set in arquillian.xml?");
        }
        try (RandomAccessFile file = new RandomAccessFile(FILE.toFile(), "r")) {
            file.seek(Math.min(mark, file.length()));
            byte[] rest = new byte[(int) (file.length() - file.getFilePointer())];
            file.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                if (line.contains("Exception") || line.contains("SEVERE")) {
                    problems.add(line);
                }
            }
        }
        return problems;
    }
}
