package dev.hookcast.platform;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.eclipse.microprofile.config.spi.Converter;

/** Durations in configuration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, or ISO-8601 ({@code PT30S}). */
public class DurationConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        String text = value.trim();
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text);
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1).trim());
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("Not a duration: '" + value + "' (try 30s, 500ms, 5m)");
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Not a duration: '" + value + "' (try 30s, 500ms, 5m)", e);
        }
    }
}
