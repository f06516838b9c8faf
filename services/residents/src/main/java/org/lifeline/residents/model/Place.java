package org.lifeline.residents.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A place of the hierarchy, identified by its stable code; {@code path} is the chain of codes from the city. */
@Entity
@Table(name = "place")
public class Place extends PanacheEntityBase {

    @Id
    public String code;

    public String name;

    public PlaceLevel level;

    @Column(name = "parent_code")
    public String parentCode;

    public String path;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public static String pathOf(String parentPath, String code) {
        return (parentPath == null ? "/" : parentPath) + code + "/";
    }
}
