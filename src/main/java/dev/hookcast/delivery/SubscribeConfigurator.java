package dev.hookcast.delivery;

import java.util.List;
import java.util.Map;

import dev.hookcast.channel.ChannelSettings;
import dev.hookcast.channel.Channels;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Runs before the upgrade response is sent and notes where the subscriber starts: after the
 * {@code since} it asked for, or else after the channel's last hook broadcast or committed so
 * far, so that every hook accepted after the upgrade reaches it, even one broadcast before the
 * session is registered.
 */
public class SubscribeConfigurator extends ServerEndpointConfig.Configurator {

    static final String SINCE_PARAMETER = "since";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        List<String> asked = request.getParameterMap().get(SINCE_PARAMETER);
        long since = asked == null || asked.isEmpty() ? -1 : parseSince(asked.get(0));
        Map<String, Object> properties = config.getUserProperties();
        String channel = null;
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (header.getValue().isEmpty()) {
                continue;
            }
            if (SubscribeFilter.Vouched.PEER.equalsIgnoreCase(header.getKey())) {
                properties.put(ChannelEndpoint.REMOTE, header.getValue().get(0));
            } else if (SubscribeFilter.Vouched.CHANNEL.equalsIgnoreCase(header.getKey())) {
                channel = header.getValue().get(0);
            }
        }
        if (channel == null) {
            throw new IllegalStateException("SubscribeFilter did not see this handshake");
        }
        List<String> body = request.getParameterMap().get(HookFrame.BODY_PARAMETER);
        note(properties, channel, since, body == null || body.isEmpty() ? null : body.get(0));
    }

    /**
     * Notes in a new session's properties its channel, where it starts, what it asked for and in
     * which form it gets hooks: for a WebSocket at its handshake, for an SSE stream before it is
     * registered.
     *
     * @param since the {@code since} asked for, or -1
     * @param body the {@code body} parameter, or null
     */
    static void note(Map<String, Object> properties, String channel, long since, String body) {
        properties.put(ChannelEndpoint.CHANNEL, channel);
        properties.put(HookFrame.FORM, form(body, channel));
        // the one lookup: the WebSocket specification gives a configurator no injection
        long start = CDI.current().select(SubscriberRegistry.class).get().startingPoint(channel);
        properties.put(ChannelEndpoint.START, start);
        properties.put(ChannelEndpoint.SINCE, since >= 0 ? since : start);
        properties.put(ChannelEndpoint.REPLAY, since >= 0);
    }

    /** The frame form a subscription asks for with its {@code body} parameter (checked by the filter). */
    static HookFrame.Form form(String body, String channel) {
        if (body == null) {
            return HookFrame.Form.STANDARD;
        }
        ChannelSettings settings = CDI.current().select(Channels.class).get().settings(channel);
        return HookFrame.Form.asked(body, settings != null && settings.signaturesForwarded());
    }

    /** A {@code since} value: a decimal hook id, 0 for all; -1 if it is anything else. */
    static long parseSince(String value) {
        if (value.isEmpty() || value.length() > 19) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }
}
