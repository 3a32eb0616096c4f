package dev.hookcast.delivery;

import java.util.List;
import java.util.Map;

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
        properties.put(ChannelEndpoint.CHANNEL, channel);
        // the one lookup: the WebSocket specification gives a configurator no injection
        long start = CDI.current().select(SubscriberRegistry.class).get().startingPoint(channel);
        properties.put(ChannelEndpoint.START, start);
        properties.put(ChannelEndpoint.SINCE, since >= 0 ? since : start);
        if (since >= 0) {
            properties.put(ChannelEndpoint.REPLAY, Boolean.TRUE);
        }
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
