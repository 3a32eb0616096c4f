package dev.hookcast.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hookcast.channel.ChannelName;
import dev.hookcast.channel.ChannelSettings;
import dev.hookcast.channel.Channels;
import dev.hookcast.platform.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a subscription with plain HTTP before any WebSocket is opened: a bad channel name or
 * {@code since}, 400; a missing or wrong subscriber token on a channel that has one, 401. After an
 * upgrade, takes the connection out of Grizzly's keep-alive bookkeeping ({@link GrizzlyUpgrade}).
 */
@WebFilter(urlPatterns = {"/ws/*", "/sse/*"}, asyncSupported = true)
public class SubscribeFilter extends HttpFilter {

    static final String PREFIX = "/ws/";
    private static final String SSE_PREFIX = SseResource.PATH + "/";
    private static final String BEARER = "Bearer ";

    @Inject
    Channels channels;

    /** Where the container is Grizzly, a closed WebSocket connection skips its keep-alive queue ({@link GrizzlyUpgrade}). */
    @Inject
    @ConfigProperty(name = "hookcast.ws.release-keep-alive", defaultValue = "true")
    boolean releaseKeepAlive;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String channel = path.startsWith(PREFIX) ? path.substring(PREFIX.length())
                : path.startsWith(SSE_PREFIX) ? path.substring(SSE_PREFIX.length()) : "";
        if (!ChannelName.isValid(channel)) {
            Problem.badRequest("A channel name is 1 to 128 characters: a letter or digit, "
                    + "then letters, digits, '.', '_' or '-'.").writeTo(response);
            return;
        }
        ChannelSettings settings;
        try {
            settings = channels.settings(channel);
        } catch (Problem unavailable) { // the audit store is down and the channel's settings were never read
            unavailable.writeTo(response);
            return;
        }
        if (settings != null && settings.tokenHash() != null && !settings.tokenMatches(tokenOf(request))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"hookcast\"");
            new Problem(401, "Unauthorized", "This channel needs its subscriber token: Authorization: Bearer <token>,"
                    + " or access_token=<token>.").writeTo(response);
            return;
        }
        String since = request.getParameter(SubscribeConfigurator.SINCE_PARAMETER);
        if (since != null && SubscribeConfigurator.parseSince(since) < 0) {
            Problem.badRequest("since is the decimal id of the last hook seen (0 for all).").writeTo(response);
            return;
        }
        String lastEventId = request.getHeader(SseResource.LAST_EVENT_ID);
        if (path.startsWith(SSE_PREFIX) && lastEventId != null && !lastEventId.isBlank()
                && SubscribeConfigurator.parseSince(lastEventId.strip()) < 0) {
            Problem.badRequest("Last-Event-ID is the decimal id of the last hook received.").writeTo(response);
            return;
        }
        String body = request.getParameter(HookFrame.BODY_PARAMETER);
        if (body != null && !HookFrame.EXACT_BODY.equals(body)) {
            Problem.badRequest("body is exact (the body's exact bytes, as base64), or absent.").writeTo(response);
            return;
        }
        chain.doFilter(new Vouched(request, channel), response);
        if (releaseKeepAlive && response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
            GrizzlyUpgrade.upgraded(request);
        }
    }

    /**
     * Hands what this filter learnt to the WebSocket handshake, which has no portable way to get
     * it: the client's address and the channel's name, parsed once here, as request headers that
     * only this filter can set (a client's own copies are replaced).
     */
    static final class Vouched extends HttpServletRequestWrapper {

        static final String PEER = "X-Hookcast-Peer";
        static final String CHANNEL = "X-Hookcast-Channel";
        private final Map<String, String> vouched;

        Vouched(HttpServletRequest request, String channel) {
            super(request);
            this.vouched = Map.of(PEER, request.getRemoteAddr(), CHANNEL, channel);
        }

        private String vouched(String name) {
            return PEER.equalsIgnoreCase(name) ? vouched.get(PEER) : CHANNEL.equalsIgnoreCase(name) ? vouched.get(CHANNEL) : null;
        }

        @Override
        public String getHeader(String name) {
            String value = vouched(name);
            return value != null ? value : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = vouched(name);
            return value != null ? Collections.enumeration(List.of(value)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (String name : Collections.list(super.getHeaderNames())) {
                if (vouched(name) == null) {
                    names.add(name);
                }
            }
            names.addAll(vouched.keySet());
            return Collections.enumeration(names);
        }
    }

    private static String tokenOf(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return request.getParameter("access_token");
    }
}
