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

/** One entry of a household's control-status history. */
@Entity
@Table(name = "household_status_change")
public class HouseholdStatusChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "household_id")
    public UUID householdId;

    public ControlStatus status;

    public String reason;

    public String source;

    @Column(name = "changed_by")
    public String changedBy;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    public OffsetDateTime until;

    @Column(name = "recorded_at", insertable = false, updatable = false)
    public OffsetDateTime recordedAt;
}
