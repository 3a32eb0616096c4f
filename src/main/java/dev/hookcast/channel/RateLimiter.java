package dev.hookcast.channel;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved up. One exists
 * only for a channel configured with a rate limit, so the limiters' memory is bounded by the
 * configured channels, however many names are tried.
 */
final class RateLimiter {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    RateLimiter(int perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
        this.last = now;
    }

    /** Takes a token; returns 0 if one was there, else the seconds until one will be (at least 1). */
    synchronized long tryAcquire(long now) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
    }
}
