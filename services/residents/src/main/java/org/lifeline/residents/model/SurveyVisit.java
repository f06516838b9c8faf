package org.lifeline.residents.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One knock on a household's door in a survey round; JSON columns hold the lists and needs. */
@Entity
@Table(name = "survey_visit")
public class SurveyVisit extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "round_id")
    public UUID roundId;

    @Column(name = "household_id")
    public UUID householdId;

    public boolean visited;

    @Column(name = "not_visited_reason")
    public String notVisitedReason;

    @Column(name = "present_person_ids")
    public String presentPersonIds;

    @Column(name = "contact_phone")
    public String contactPhone;

    public String symptoms;

    @Column(name = "special_needs")
    public String specialNeeds;

    @Column(name = "supplies_needs")
    public String suppliesNeeds;

    @Column(name = "recorded_by")
    public String recordedBy;

    @Column(name = "recorded_at")
    public OffsetDateTime recordedAt;
}
