package dev.hookcast.delivery;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Runs before the upgrade response is sent and notes the last hook broadcast so far: every hook
 * after it reaches the new subscriber, even one broadcast before the session is registered.
 */
public class SubscribeConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        long since = CDI.current().select(Broadcaster.class).get().lastDispatchedId();
        config.getUserProperties().put(ChannelEndpoint.SINCE, since);
    }
}
