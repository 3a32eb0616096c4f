package dev.hookcast.admin;

import dev.hookcast.platform.Problem;

/** The admin API's ids and limits, parsed one way: decimal digits only, no sign. */
final class Numbers {

    private Numbers() {
    }

    /** {@code text} as a positive decimal number (digits only, up to {@code Long.MAX_VALUE}), or -1. */
    static long positive(String text) {
        if (text == null || text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            long value = Long.parseLong(text);
            return value > 0 ? value : -1;
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    /** The {@code limit} parameter: {@code fallback} when absent or empty, else 1 to {@code max} or a 400. */
    static int limit(String text, int fallback, int max) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        long value = positive(text);
        if (value < 1 || value > max) {
            throw Problem.badRequest("limit is a whole number from 1 to " + max + ".");
        }
        return (int) value;
    }
}
