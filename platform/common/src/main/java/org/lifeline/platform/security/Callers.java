package org.lifeline.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a {@link Caller} from the request's verified identity. */
@ApplicationScoped
public class Callers {

    public Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new Caller(null, null, Set.of(), List.of(), null);
        }
        List<String> areas = new ArrayList<>();
        String household = null;
        String hospital = null;
        String subject = identity.getPrincipal().getName();
        String username = subject;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            subject = jwt.getSubject();
            Object name = jwt.getClaim("preferred_username");
            username = name == null ? subject : String.valueOf(name).replace("\"", "");
            Object raw = jwt.getClaim("areas");
            if (raw instanceof JsonArray array) {
                for (JsonValue value : array) {
                    if (value instanceof JsonString s) {
                        areas.add(s.getString());
                    }
                }
            } else if (raw instanceof JsonString s) {
                areas.add(s.getString());
            } else if (raw instanceof String s) {
                areas.add(s);
            } else if (raw instanceof java.util.Collection<?> values) {
                values.forEach(v -> areas.add(String.valueOf(v)));
            }
            Object hh = jwt.getClaim("household");
            if (hh instanceof JsonString s) {
                household = s.getString();
            } else if (hh != null) {
                household = String.valueOf(hh);
            }
            Object h = jwt.getClaim("hospital");
            if (h instanceof JsonString s) {
                hospital = s.getString();
            } else if (h != null) {
                hospital = String.valueOf(h);
            }
        }
        return new Caller(subject, username, Set.copyOf(identity.getRoles()), List.copyOf(areas), household, hospital);
    }

    /**
     * The OAuth client the token was issued to ({@code azp}): for a partner's client-credentials token, the
     * partner's client id; for a user's token, the public client they signed in with. Null without a token.
     */
    public String clientId(SecurityIdentity identity) {
        if (identity != null && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("azp") != null) {
            return String.valueOf((Object) jwt.getClaim("azp")).replace("\"", "");
        }
        return null;
    }
}
