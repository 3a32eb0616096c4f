package dev.hookcast.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Sha256Test {

    /** Stored subscriber-token hashes and long delivery ids depend on it: FIPS 180-2's test vector. */
    @Test
    void hexIsTheLowerCaseSha256OfTheUtf8() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc"));
    }
}
