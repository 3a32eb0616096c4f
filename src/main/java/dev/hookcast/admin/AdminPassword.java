package dev.hookcast.admin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * The admin user's password. {@code hookcast.admin.password} wins when set; otherwise the hash
 * stored in {@code admin_user} is used, and on the very first start (no row) a password is
 * generated, its hash stored, and the password itself logged once.
 *
 * <p>PBKDF2 costs a few hundred milliseconds by design, and an API client sends its password
 * with every request; so once a password has passed PBKDF2, an HMAC of it under a key that
 * never leaves this process is kept, and later requests with the same password are checked
 * against that (constant-time) instead.
 */
@Startup
@Singleton
@DependsOn("AuditDatabase")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AdminPassword {

    /** The one admin user, and the role it is in. */
    public static final String USER = "admin";
    public static final String ROLE = "admin";
    public static final String PROPERTY = "hookcast.admin.password";

    private static final Logger LOG = Logger.getLogger(AdminPassword.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = PROPERTY)
    Optional<String> configured;

    @Inject
    AdminUserRepository users;

    private final SecretKeySpec cacheKey = new SecretKeySpec(randomBytes(32), "HmacSHA256");
    private volatile PasswordHash hash;
    /** HMAC of the last password that passed PBKDF2, or null. */
    private volatile byte[] verified;

    @PostConstruct
    void load() {
        if (configured.isPresent()) {
            char[] password = configured.get().toCharArray();
            hash = PasswordHash.of(password);
            verified = mac(password);
            LOG.info(() -> "The password of admin user '" + USER + "' comes from " + PROPERTY);
            return;
        }
        AdminUser stored = users.find(USER);
        if (stored != null) {
            hash = parse(stored);
            return;
        }
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(18));
        PasswordHash fresh = PasswordHash.of(generated.toCharArray());
        try {
            users.create(USER, fresh.encoded());
        } catch (RuntimeException e) {
            AdminUser first = users.find(USER);
            if (first == null) {
                throw e;
            }
            // another instance on the same database generated (and logged) the password first
            hash = parse(first);
            LOG.info(() -> "Admin user '" + USER + "' was created by another instance; its password is in that log");
            return;
        }
        hash = fresh;
        verified = mac(generated.toCharArray());
        LOG.info(() -> "Generated admin password for user '" + USER + "': " + generated
                + " (shown once; set " + PROPERTY + " to choose your own)");
    }

    /** Whether {@code user} and {@code password} are the admin's; constant-time. */
    public boolean matches(String user, char[] password) {
        boolean userMatches = MessageDigest.isEqual(USER.getBytes(StandardCharsets.UTF_8),
                user.getBytes(StandardCharsets.UTF_8));
        byte[] candidate = mac(password);
        byte[] known = verified;
        boolean passwordMatches;
        if (known != null && MessageDigest.isEqual(known, candidate)) {
            passwordMatches = true;
        } else {
            passwordMatches = hash.verify(password);
            if (passwordMatches) {
                verified = candidate;
            }
        }
        return userMatches & passwordMatches;
    }

    private static PasswordHash parse(AdminUser stored) {
        try {
            return PasswordHash.parse(stored.getPasswordHash());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The admin_user row of '" + stored.getName()
                    + "' holds no valid password hash; delete the row to have a new password generated, or set "
                    + PROPERTY, e);
        }
    }

    private byte[] mac(char[] password) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            mac.update(bytes);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        } finally {
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
