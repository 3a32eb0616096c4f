package dev.hookcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** hookcast listen (src/cli/java) uses the JDK only: the compiler sees the WAR's class path too, so this looks. */
class JdkOnlyTest {

    @Test
    void cliImportsOnlyTheJdk() throws IOException {
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/cli/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String trimmed = line.strip();
                    if ((trimmed.startsWith("import ") && !trimmed.matches("import (static )?java\\..*"))
                            || trimmed.matches(".*\\b(jakarta|org\\.eclipse|dev\\.hookcast\\.(?!cli))\\..*")) {
                        foreign.add(file.getFileName() + ": " + trimmed);
                    }
                }
            }
        }
        assertEquals(List.of(), foreign);
    }
}
