package dev.hookcast.platform;

/**
 * The admin API's place in the URL space, relative to the context root: for the admin side, and
 * for what links to it (ingest's {@code Location} of a stored hook).
 */
public final class AdminPaths {

    /** The admin API's root. */
    public static final String ROOT = "api/admin";
    /** The hooks, under the root. */
    public static final String HOOKS = "hooks";
    /** One hook: its id follows. */
    public static final String HOOK = ROOT + "/" + HOOKS + "/";

    private AdminPaths() {
    }
}
