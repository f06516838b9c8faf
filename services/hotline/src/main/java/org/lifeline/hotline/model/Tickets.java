package org.lifeline.hotline.model;

import java.util.List;
import java.util.Set;

/** The words of the ticket contract (docs/events.md, README): categories, urgencies, channels, statuses, the role. */
public final class Tickets {

    /** The realm role of 12345 and community hotline operators (areas like staff). */
    public static final String HOTLINE_OPERATOR = "hotline-operator";

    public static final List<String> CATEGORIES = List.of("supplies", "medical", "testing", "care", "housing-utilities", "other");
    public static final List<String> URGENCIES = List.of("life-safety", "utilities", "general", "complex");
    public static final List<String> CHANNELS = List.of("phone-12345", "phone-community", "phone-street", "portal", "sms",
            "wechat", "survey", "signal");
    /** Statuses of a ticket that is still being handled: at most one per household and category. */
    public static final Set<String> OPEN = Set.of("open", "waiting");

    private Tickets() {
    }
}
