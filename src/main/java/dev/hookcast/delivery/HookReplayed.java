package dev.hookcast.delivery;

/** An admin replayed the accepted hook with this id to the subscribers of this instance. */
public record HookReplayed(long id) {
}
