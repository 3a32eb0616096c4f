package dev.hookcast.delivery;

import java.io.IOException;

import dev.hookcast.channel.ChannelName;
import dev.hookcast.platform.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a subscription with plain HTTP before any WebSocket is opened: a bad channel name or
 * {@code since}, 400.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class SubscribeFilter extends HttpFilter {

    private static final String PREFIX = "/ws/";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String channel = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        if (!ChannelName.isValid(channel)) {
            refuse(response, Problem.badRequest("A channel name is 1 to 128 characters: a letter or digit, "
                    + "then letters, digits, '.', '_' or '-'."));
            return;
        }
        String since = request.getParameter(SubscribeConfigurator.SINCE_PARAMETER);
        if (since != null && SubscribeConfigurator.parseSince(since) < 0) {
            refuse(response, Problem.badRequest("since is the decimal id of the last hook seen (0 for all)."));
            return;
        }
        chain.doFilter(request, response);
    }

    static void refuse(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE.toString());
        response.getWriter().write(problem.body());
    }
}
