package org.lifeline.residents.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A person registered in a household. The national ID number identifies a verified person across imports
 * (unique among verified persons); a resident's declaration may name a number registered elsewhere until
 * staff verify or reject it.
 */
@Entity
@Table(name = "person")
public class Person extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "household_id")
    public UUID householdId;

    public String name;

    @Column(name = "id_number")
    public String idNumber;

    public String phone;

    @Column(name = "birth_date")
    public LocalDate birthDate;

    public Relation relation;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "person_flag", joinColumns = @JoinColumn(name = "person_id"))
    @Column(name = "flag")
    public Set<VulnerableFlag> flags = new HashSet<>();

    /**
     * Flags a resident declared that staff have not verified yet (V13): they count for nothing (priority,
     * allocation, care list, events) until verified.
     */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "person_declared_flag", joinColumns = @JoinColumn(name = "person_id"))
    @Column(name = "flag")
    public Set<VulnerableFlag> declaredFlags = new HashSet<>();

    /**
     * False for a member a resident declared and staff have not verified: shown to the household and to staff,
     * left out of events and exports. Staff, imports and grid workers enter verified persons.
     */
    public boolean verified = true;

    @Column(name = "declared_by")
    public String declaredBy;

    @Column(name = "verified_by")
    public String verifiedBy;

    @Column(name = "verified_at")
    public OffsetDateTime verifiedAt;

    @Version
    public int version;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
