package org.lifeline.platform.security;

/** The realm roles of identity/lifeline-realm.json, as constants for {@code @RolesAllowed}. */
public final class Roles {

    public static final String RESIDENT = "resident";
    public static final String VOLUNTEER = "volunteer";
    public static final String GRID_WORKER = "grid-worker";
    public static final String COMMUNITY_STAFF = "community-staff";
    /** A hotline operator (话务员): areas like staff; a city's 12345 operators have the city. */
    public static final String HOTLINE_OPERATOR = "hotline-operator";
    public static final String STREET_OFFICER = "street-officer";
    public static final String DISTRICT_OFFICER = "district-officer";
    public static final String HEALTH_OFFICER = "health-officer";
    /** Hospital staff (医院接诊): the requests assigned to their hospital ({@code hospital} claim: the hospital's code). */
    public static final String HOSPITAL_STAFF = "hospital-staff";
    public static final String MERCHANT = "merchant";
    public static final String LAB = "lab";
    public static final String LOGISTICS = "logistics";
    public static final String PLATFORM_ADMIN = "platform-admin";

    private Roles() {
    }
}
