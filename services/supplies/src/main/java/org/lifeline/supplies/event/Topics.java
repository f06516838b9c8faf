package org.lifeline.supplies.event;

/** The topics supplies publishes on (docs/events.md), named after their aggregate. */
public final class Topics {

    /** An order's life: placed, at the gate, delivered; keyed by the order id. */
    public static final String ORDER = "lifeline.supplies.order.v1";

    private Topics() {
    }
}
