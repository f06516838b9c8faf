package org.lifeline.residents.event;

import org.lifeline.platform.events.EventType;
import org.lifeline.residents.model.PlaceLevel;

/**
 * Data of {@code org.lifeline.residents.PlaceChanged.v1} on {@code lifeline.residents.place.v1}: a place
 * was renamed or moved. On a move, every path that started with {@code previousPath} now starts with
 * {@code path} (places and households under it); consumers rewrite their read models by that prefix.
 */
public record PlaceChanged(String code, String name, PlaceLevel level, String parentCode, String path,
        String previousPath) {

    public static final String TYPE = "org.lifeline.residents.PlaceChanged.v1";
    public static final EventType EVENT = EventType.of(ResidentsTopics.PLACE, TYPE);
}
