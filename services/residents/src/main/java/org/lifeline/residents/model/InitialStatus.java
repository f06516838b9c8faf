package org.lifeline.residents.model;

/** A household's first control status, as {@code service.ControlPolicy} decides it (reason null for normal). */
public record InitialStatus(ControlStatus status, String reason, String source) {
}
