package org.lifeline.residents.event;

/** Residents' topics, one per aggregate (docs/events.md): each published type names its topic here. */
public final class ResidentsTopics {

    /** Places: {@link PlaceCreated}, {@link PlaceChanged}. */
    public static final String PLACE = "lifeline.residents.place.v1";
    /** Grids (网格): {@link GridCreated}. */
    public static final String GRID = "lifeline.residents.grid.v1";
    /** Households: {@link HouseholdChanged}. */
    public static final String HOUSEHOLD = "lifeline.residents.household.v1";
    /** Door-to-door survey: {@link SurveyVisitRecorded}. */
    public static final String SURVEY = "lifeline.residents.survey.v1";
    /** Care list (关爱名单): {@link CareContactOverdue}. */
    public static final String CARE = "lifeline.residents.care.v1";

    private ResidentsTopics() {
    }
}
