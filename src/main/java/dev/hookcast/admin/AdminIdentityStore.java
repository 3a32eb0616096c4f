package dev.hookcast.admin;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/** The admin user, with the password {@link AdminPassword} holds, in group (and role) {@code admin}. */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    @Inject
    AdminPassword password;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return password.matches(login.getCaller(), login.getPassword().getValue())
                ? new CredentialValidationResult(AdminPassword.USER, Set.of(AdminPassword.ROLE))
                : CredentialValidationResult.INVALID_RESULT;
    }
}
