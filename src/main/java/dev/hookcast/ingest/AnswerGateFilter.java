package dev.hookcast.ingest;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives each hook request that goes to JAX-RS an {@link AnswerGate} and opens it once the dispatch
 * has returned. (A request whose body {@link BodyReadFilter} reads after its headers gets its gate there.)
 */
@WebFilter(urlPatterns = "/" + IngestResource.PATH + "/*", asyncSupported = true)
public class AnswerGateFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        AnswerGate gate = new AnswerGate();
        request.setAttribute(AnswerGate.ATTRIBUTE, gate);
        try {
            chain.doFilter(request, response);
        } finally {
            gate.open();
        }
    }
}
