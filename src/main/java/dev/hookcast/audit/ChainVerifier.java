package dev.hookcast.audit;

import java.util.List;

import dev.hookcast.channel.Channel;
import dev.hookcast.channel.ChannelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Recomputes a channel's hash chain from its oldest retained accepted hook (linked to the anchor
 * retention left, or to the genesis hash) to the head recorded in the channel's row. An edited
 * byte changes a hash; a hook deleted from the middle breaks the next one's link; one deleted
 * from the end leaves the recorded head unmatched.
 */
@ApplicationScoped
public class ChainVerifier {

    /** {@code verified} hooks checked good; {@code firstBroken} the first id that is not, or null. */
    public record Result(long verified, Long firstBroken) {
    }

    private static final int PAGE = 100;

    @Inject
    HookRepository hooks;

    @Inject
    ChannelRepository channels;

    /**
     * Verifies the channel's chain. Retention may purge while this reads; a break found while the
     * retention horizon moved is checked again from the new anchor.
     */
    public Result verify(String name) {
        for (int attempt = 0; ; attempt++) {
            Channel before = channels.find(name);
            Result result = verifyOnce(before);
            Channel after = channels.find(name);
            if (result.firstBroken() == null || attempt == 2 || before == null || after == null
                    || after.getPurgedThrough() == before.getPurgedThrough()) {
                return result;
            }
        }
    }

    private Result verifyOnce(Channel channel) {
        if (channel == null) {
            return new Result(0, null);
        }
        String name = channel.getName();
        String expected = channel.getAnchorHash() != null ? channel.getAnchorHash() : HookChain.GENESIS;
        long verified = 0;
        long last = 0;
        while (true) {
            List<Hook> page = hooks.findAcceptedSince(name, last, PAGE);
            for (Hook hook : page) {
                if (!expected.equals(hook.getPrevHash()) || !HookChain.hash(hook).equals(hook.getHash())) {
                    return new Result(verified, hook.getId());
                }
                expected = hook.getHash();
                last = hook.getId();
                verified++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (channel.getLastId() > last && !expected.equals(channel.getLastHash())) {
            return new Result(verified, channel.getLastId());
        }
        return new Result(verified, null);
    }
}
