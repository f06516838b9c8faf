package org.lifeline.residents.api;

import jakarta.validation.constraints.NotNull;

import java.util.UUID;

/** {@code POST /api/residents/lookup/phone}: which households have a person with this phone number. */
public final class PhoneLookupApi {

    private PhoneLookupApi() {
    }

    /** A phone number in any common format: {@code +86 139-1234-5678}, {@code 0086 13912345678}, {@code 029-88881234}. */
    public record Request(@NotNull String phone) {
    }

    /** A household with a member of that number; no person and no number in the answer. */
    public record Match(UUID householdId, String householdCode, String placePath) {
    }
}
