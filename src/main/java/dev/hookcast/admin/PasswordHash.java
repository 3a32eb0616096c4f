package dev.hookcast.admin;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A PBKDF2 password hash, stored as {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}
 * (PBKDF2WithHmacSHA256, standard Base64 without padding; the password is taken as UTF-8).
 */
public final class PasswordHash {

    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023). */
    public static final int ITERATIONS = 210_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes {@code password} with a fresh random salt and {@link #ITERATIONS} iterations. */
    public static PasswordHash of(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(ITERATIONS, salt, pbkdf2(password, salt, ITERATIONS, HASH_BYTES));
    }

    /** Reads the stored form; throws {@link IllegalArgumentException} for anything else. */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("Not a " + SCHEME + " password hash");
        }
        int iterations;
        byte[] salt;
        byte[] hash;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Malformed " + SCHEME + " password hash", e);
        }
        if (iterations < 1 || salt.length == 0 || hash.length == 0) {
            throw new IllegalArgumentException("Malformed " + SCHEME + " password hash");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code candidate} is the password; the comparison takes the same time wherever they differ. */
    public boolean verify(char[] candidate) {
        return MessageDigest.isEqual(hash, pbkdf2(candidate, salt, iterations, hash.length));
    }

    public int iterations() {
        return iterations;
    }

    /** The stored form. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    @Override
    public String toString() {
        return SCHEME + " (" + iterations + " iterations)";
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations
                && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }
}
