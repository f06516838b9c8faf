package org.lifeline.residents.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A door-to-door survey round over an area (any subtree of places) with a due time. */
@Entity
@Table(name = "survey_round")
public class SurveyRound extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "area_code")
    public String areaCode;

    @Column(name = "area_path")
    public String areaPath;

    public String title;

    @Column(name = "due_at")
    public OffsetDateTime dueAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;
}
