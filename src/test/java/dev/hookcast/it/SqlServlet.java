package dev.hookcast.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Test-only servlet added to the deployment by {@link DurableDeliveryIT}: runs one SQL statement
 * against the audit store, as someone tampering with the database directly would.
 */
@WebServlet("/test-sql")
public class SqlServlet extends HttpServlet {

    @Resource(lookup = "java:app/jdbc/hookcast")
    DataSource dataSource;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sql = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            response.getWriter().write(Integer.toString(statement.executeUpdate(sql)));
        } catch (SQLException e) {
            response.sendError(500, e.getMessage());
        }
    }
}
