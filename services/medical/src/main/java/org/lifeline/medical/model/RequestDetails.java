package org.lifeline.medical.model;

/** A request's medical details as stored (answers as JSON text): shown whole or masked, never in events. */
public record RequestDetails(String description, String answersJson, String contactName, String contactPhone) {
}
