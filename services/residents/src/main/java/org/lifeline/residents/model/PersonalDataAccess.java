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

/** Audit: one read of unmasked personal data. Append-only (the database refuses changes). */
@Entity
@Immutable
@Table(name = "personal_data_access")
public class PersonalDataAccess extends PanacheEntityBase {

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

    @Column(name = "person_id")
    public UUID personId;

    @Column(name = "household_id")
    public UUID householdId;

    public String fields;

    public String purpose;

    @Column(name = "request_id")
    public String requestId;
}
