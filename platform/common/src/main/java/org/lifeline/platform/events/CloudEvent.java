package org.lifeline.platform.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode ({@code application/cloudevents+json}), as Lifeline
 * publishes it: {@code type} like {@code org.lifeline.residents.HouseholdChanged.v1}, {@code source}
 * like {@code /lifeline/residents}, {@code subject} the aggregate id (also the Kafka key).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent<T>(
        @JsonProperty("specversion") String specVersion,
        String id,
        String source,
        String type,
        String subject,
        OffsetDateTime time,
        @JsonProperty("datacontenttype") String dataContentType,
        T data) {

    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public static <T> CloudEvent<T> of(String source, String type, String subject, T data) {
        return new CloudEvent<>("1.0", UUID.randomUUID().toString(), source, type, subject,
                OffsetDateTime.now(java.time.ZoneOffset.UTC), "application/json", data);
    }
}
