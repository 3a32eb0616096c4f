package dev.hookcast.admin;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;

/**
 * The admin action log: who did what, to what. The actor is the caller {@link AdminGuard}
 * authenticated on the current request; each record is written in a transaction of its own, so
 * it is kept whatever becomes of the caller's.
 */
@ApplicationScoped
public class AdminAudit {

    @Inject
    HttpServletRequest request;

    @Inject
    AdminActionRepository actions;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String action, String target, String detail) {
        String caller = AdminGuard.caller(request);
        actions.store(OffsetDateTime.now(ZoneOffset.UTC), caller == null ? "anonymous" : caller, action, target, detail);
    }
}
