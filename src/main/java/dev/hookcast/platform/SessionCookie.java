package dev.hookcast.platform;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The session cookie (the admin console's login) is {@code SameSite=Strict}: no other site can
 * make a browser send it. Set here (the portable way) rather than with web.xml's
 * {@code <cookie-config><attribute>}, which Payara 6 warns about and ignores; on Payara the
 * listener setting in {@code payara-config/pre-boot-commands.asadmin} makes sure of it.
 */
@WebListener
public class SessionCookie implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().getSessionCookieConfig().setAttribute("SameSite", "Strict");
    }
}
