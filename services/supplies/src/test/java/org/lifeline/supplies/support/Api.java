package org.lifeline.supplies.support;

import io.restassured.specification.RequestSpecification;
import org.lifeline.servers.Tokens;

import static io.restassured.RestAssured.given;

/** Requests with real tokens from the real Keycloak. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType("application/json").header("Accept-Language", "en");
    }

    /** A partner merchant's client credentials (secret: client id + "-secret"). */
    public static RequestSpecification merchant(String client) {
        return given().auth().oauth2(Tokens.ofClient(client, client + "-secret")).contentType("application/json")
                .header("Accept-Language", "en");
    }
}
