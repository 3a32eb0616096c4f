package dev.hookcast.ingest;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives each hook request an {@link AnswerGate} and opens it once the JAX-RS dispatch has returned;
 * also on the async dispatch by which {@link BodyReadFilter} hands a request on once its body is read.
 */
@WebFilter(urlPatterns = "/" + IngestResource.PATH + "/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
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
