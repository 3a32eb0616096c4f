package dev.hookcast.admin;

import java.security.Principal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.transaction.Transactional;

/**
 * The admin action log: who did what, to what. The actor is the authenticated caller; each
 * record is written in a transaction of its own, so it is kept whatever becomes of the caller's.
 */
@ApplicationScoped
public class AdminAudit {

    @Inject
    SecurityContext security;

    @Inject
    AdminActionRepository actions;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String action, String target, String detail) {
        Principal caller = security.getCallerPrincipal();
        actions.store(OffsetDateTime.now(ZoneOffset.UTC), caller == null ? "anonymous" : caller.getName(),
                action, target, detail);
    }
}
