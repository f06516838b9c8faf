package org.lifeline.residents.event;

import org.lifeline.platform.events.EventType;
import org.lifeline.residents.model.PlaceLevel;

/** Data of {@code org.lifeline.residents.PlaceCreated.v1} on {@code lifeline.residents.place.v1} (key: code). */
public record PlaceCreated(String code, String name, PlaceLevel level, String parentCode, String path) {

    public static final String TYPE = "org.lifeline.residents.PlaceCreated.v1";
    public static final EventType EVENT = EventType.of(ResidentsTopics.PLACE, TYPE);
}
