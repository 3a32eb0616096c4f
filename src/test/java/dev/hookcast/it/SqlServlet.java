package dev.hookcast.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Test-only servlet added to the deployment by {@link DurableDeliveryIT}: runs one SQL statement
 * against the audit store, as someone tampering with the database directly would. Each
 * {@code hex} query parameter is bound, as bytes, to the next {@code ?} of the statement, so the
 * same statement runs on H2 and PostgreSQL, whose binary literals differ.
 */
@WebServlet("/test-sql")
public class SqlServlet extends HttpServlet {

    @Resource(lookup = "java:app/jdbc/hookcast")
    DataSource dataSource;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sql = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String[] parameters = request.getParameterValues("hex");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; parameters != null && i < parameters.length; i++) {
                statement.setBytes(i + 1, HexFormat.of().parseHex(parameters[i]));
            }
            response.getWriter().write(Integer.toString(statement.executeUpdate()));
        } catch (SQLException e) {
            response.sendError(500, e.getMessage());
        }
    }
}
