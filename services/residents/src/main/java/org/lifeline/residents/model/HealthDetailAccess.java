package org.lifeline.residents.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Audit: one read of survey visits' health details. Append-only (the database refuses changes). */
@Entity
@Immutable
@Table(name = "health_detail_access")
public class HealthDetailAccess extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "accessed_at", insertable = false, updatable = false)
    public OffsetDateTime accessedAt;

    @Column(name = "actor_subject")
    public String actorSubject;

    @Column(name = "actor_username")
    public String actorUsername;

    @Column(name = "actor_roles")
    public String actorRoles;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "visit_ids")
    public String visitIds;

    public String source;

    public String reason;

    @Column(name = "request_id")
    public String requestId;
}
