package org.lifeline.residents.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.UUID;

/** People living at one address: a unit plus a room. Carries the household's control status. */
@Entity
@Table(name = "household")
public class Household extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Stable, human-readable: the unit's code, a dash and the room (e.g. 610113001001-01-01-1-0101). */
    public String code;

    @Column(name = "unit_code")
    public String unitCode;

    public String room;

    /** The unit's path, for "everything under this place" queries. */
    @Column(name = "place_path")
    public String placePath;

    public ControlStatus status;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "status_source")
    public String statusSource;

    @Column(name = "status_since")
    public OffsetDateTime statusSince;

    @Column(name = "status_until")
    public OffsetDateTime statusUntil;

    /** The grid (网格) the household belongs to, or null; set by grid assignment only. */
    @Column(name = "grid_code", updatable = false, insertable = false)
    public String gridCode;

    @Version
    public int version;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public static String codeOf(String unitCode, String room) {
        return unitCode + "-" + room;
    }
}
