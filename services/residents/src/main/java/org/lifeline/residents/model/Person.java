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

/** A person registered in a household. The national ID number identifies a person across imports. */
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

    @Version
    public int version;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
