package org.lifeline.cogovernance.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Requests and answers of the volunteers API. */
public final class VolunteerApi {

    private VolunteerApi() {
    }

    public record RegisterRequest(@NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = "1[3-9][0-9]{9}") String phone,
            @NotEmpty @Size(max = 5) List<@Pattern(regexp = "driver|medical|translator|counselling|it") String> skills,
            @NotBlank @Size(max = 500) String availability,
            @NotBlank @Size(max = 64) String homeAreaCode) {
    }

    public record VettingRequest(@NotNull @Pattern(regexp = "vetted|rejected") String decision, @Size(max = 500) String note) {
    }

    /** A volunteer; {@code name} and {@code phone} masked unless the caller is staff of the area or the volunteer. */
    public record Volunteer(UUID id, String username, String name, String phone, List<String> skills, String availability,
            String homeAreaCode, String status, String vettedBy, OffsetDateTime vettedAt, OffsetDateTime registeredAt,
            boolean masked) {
    }

    public record Notification(long id, String topic, String areaCode, String message, OffsetDateTime createdAt) {
    }
}
