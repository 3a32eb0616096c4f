package dev.hookcast.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static final PasswordHash HASH = PasswordHash.of("correct horse".toCharArray());

    @Test
    void verifiesTheRightPasswordOnly() {
        assertTrue(HASH.verify("correct horse".toCharArray()));
        assertFalse(HASH.verify("correct horsE".toCharArray()));
        assertFalse(HASH.verify("correct horse ".toCharArray()));
        assertFalse(HASH.verify(new char[0]));
    }

    @Test
    void storedFormNamesSchemeIterationsSaltAndHash() {
        String[] parts = HASH.encoded().split("\\$");
        assertEquals(4, parts.length, HASH.encoded());
        assertEquals("pbkdf2-sha256", parts[0]);
        assertTrue(Integer.parseInt(parts[1]) >= 210_000, parts[1]);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
    }

    @Test
    void parsedFormVerifiesLikeTheOriginal() {
        PasswordHash parsed = PasswordHash.parse(HASH.encoded());
        assertEquals(HASH, parsed);
        assertEquals(HASH.encoded(), parsed.encoded());
        assertTrue(parsed.verify("correct horse".toCharArray()));
        assertFalse(parsed.verify("wrong".toCharArray()));
    }

    @Test
    void keepsTheIterationsItWasStoredWith() {
        // a hash stored with other parameters still verifies with them
        PasswordHash weaker = PasswordHash.parse(HASH.encoded().replace("$210000$", "$1000$"));
        assertEquals(1000, weaker.iterations());
        assertFalse(weaker.verify("correct horse".toCharArray()), "other iterations, other hash");
    }

    @Test
    void eachHashHasItsOwnSalt() {
        PasswordHash again = PasswordHash.of("correct horse".toCharArray());
        assertNotEquals(HASH.encoded().split("\\$")[2], again.encoded().split("\\$")[2]);
        assertNotEquals(HASH.encoded(), again.encoded());
        assertTrue(again.verify("correct horse".toCharArray()));
    }

    @Test
    void hashesUnicodePasswordsAsUtf8() {
        PasswordHash hash = PasswordHash.of("pässwörd ✓".toCharArray());
        assertTrue(hash.verify("pässwörd ✓".toCharArray()));
        assertFalse(hash.verify("passwort ✓".toCharArray()));
    }

    @Test
    void refusesWhatIsNotAHash() {
        for (String bad : new String[] {null, "", "secret", "pbkdf2-sha256$210000$c2FsdA", "bcrypt$10$c2FsdA$aGFzaA",
                "pbkdf2-sha256$lots$c2FsdA$aGFzaA", "pbkdf2-sha256$0$c2FsdA$aGFzaA", "pbkdf2-sha256$-5$c2FsdA$aGFzaA",
                "pbkdf2-sha256$210000$!!!$aGFzaA", "pbkdf2-sha256$210000$$aGFzaA", "pbkdf2-sha256$210000$c2FsdA$",
                "pbkdf2-sha256$210000$c2FsdA$aGFzaA$extra"}) {
            assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(bad), bad);
        }
    }

    @Test
    void printsNoSecret() {
        assertFalse(HASH.toString().contains(HASH.encoded().split("\\$")[3]));
    }
}
