package org.lifeline.medical.model;

/** What a caller may see of a request: nothing (404), its summary and timeline, or also its medical details. */
public enum Access {
    NONE, SUMMARY, DETAILS
}
