package org.lifeline.cogovernance.client;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The credentials of co-governance's own Keycloak client ({@code lifeline-cogovernance} in realm {@code lifeline}),
 * the only account it manages partner clients with. There is no fallback: without a client id and secret the
 * service refuses to start, naming the environment variables, rather than reaching for a more powerful account.
 */
@ApplicationScoped
public class KeycloakAdminCredentials {

    static final String CLIENT_ID_ENV = "COGOVERNANCE_KEYCLOAK_CLIENT_ID";
    static final String CLIENT_SECRET_ENV = "COGOVERNANCE_KEYCLOAK_CLIENT_SECRET";

    @ConfigProperty(name = "cogovernance.keycloak.client-id")
    Optional<String> clientId;

    @ConfigProperty(name = "cogovernance.keycloak.client-secret")
    Optional<String> clientSecret;

    void check(@Observes StartupEvent event) {
        require(clientId, clientSecret);
    }

    public String clientId() {
        return require(clientId, clientSecret).clientId();
    }

    public String clientSecret() {
        return require(clientId, clientSecret).clientSecret();
    }

    /** The two values, or the refusal that names what is missing (zh-CN first, then English). */
    static Credentials require(Optional<String> clientId, Optional<String> clientSecret) {
        boolean noId = clientId.filter(s -> !s.isBlank()).isEmpty();
        boolean noSecret = clientSecret.filter(s -> !s.isBlank()).isEmpty();
        if (noId || noSecret) {
            String missing = (noId ? CLIENT_ID_ENV : "") + (noId && noSecret ? ", " : "") + (noSecret ? CLIENT_SECRET_ENV : "");
            throw new IllegalStateException("协同治理服务拒绝启动：未设置 " + missing + "（Keycloak 客户端 lifeline-cogovernance 的"
                    + "客户端 ID 和密钥，用于管理合作企业客户端；不会改用其他管理员账号）。"
                    + " Co-governance refuses to start: " + missing + " not set (client id and secret of its Keycloak client"
                    + " lifeline-cogovernance in realm lifeline, which manages partner clients; there is no fallback to another"
                    + " admin account). Set cogovernance.keycloak.client-id / cogovernance.keycloak.client-secret, see"
                    + " services/cogovernance/README.md.");
        }
        return new Credentials(clientId.get(), clientSecret.get());
    }

    record Credentials(String clientId, String clientSecret) {
    }
}
