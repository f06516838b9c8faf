package org.lifeline.residents.event;

import org.lifeline.platform.events.EventType;

/**
 * Data of {@code org.lifeline.residents.GridCreated.v1} on topic {@code lifeline.residents.grid.v1}
 * (key: grid code): a grid (网格) of a community and its grid worker. Which households belong to it
 * travels in their {@code HouseholdChanged} events ({@code gridCode}, change {@code grid-assigned}).
 */
public record GridCreated(String code, String communityCode, String name, String gridWorker) {

    public static final String TYPE = "org.lifeline.residents.GridCreated.v1";
    public static final EventType EVENT = EventType.of(ResidentsTopics.GRID, TYPE);
}
