package dev.hookcast.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Where Hookcast is reached from outside, for the absolute URLs it builds (the ingest answer's
 * {@code Location}): {@code hookcast.public-base-url} when set, else the address and port of the
 * listener the request came in on, with the context root. Never the request's {@code Host}
 * header, which the sender chooses. A value that is not an absolute http(s) URL without query or
 * fragment fails the deployment.
 */
@ApplicationScoped
public class PublicBaseUrl {

    public static final String KEY = "hookcast.public-base-url";

    @Inject
    @ConfigProperty(name = KEY)
    Optional<String> configured;

    /** The configured base, ending with '/'; null to use the listener's address. */
    private String base;

    @PostConstruct
    void parse() {
        base = configured.filter(value -> !value.isBlank()).map(PublicBaseUrl::parse).orElse(null);
    }

    /** Created, and so checked, when the application starts: a bad value fails the deployment, not a request. */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // parse() ran
    }

    /** The absolute URL of {@code path} (relative to the context root) for a request to this instance. */
    public String resolve(HttpServletRequest request, String path) {
        String root = base != null ? base
                : listener(request.getScheme(), request.getLocalAddr(), request.getLocalPort(), request.getContextPath());
        return root + path;
    }

    /** {@code value} as a base URL ending with '/'. */
    static String parse(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(KEY + " is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(KEY + " is an absolute http or https URL without user, query or "
                    + "fragment, such as https://hooks.example.com/ (got " + value + ")");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text : text + "/";
    }

    /** The listener's own address: {@code scheme://address:port/context/}. */
    static String listener(String scheme, String address, int port, String contextPath) {
        String host = address.indexOf(':') >= 0 ? "[" + address.replaceFirst("%.*$", "") + "]" : address;
        return scheme + "://" + host + ":" + port + contextPath + "/";
    }
}
