package org.lifeline.layoutsample.rest;

import org.lifeline.layoutsample.repository.Rows;

/** Breaks the layout on purpose: SQL in rest, and a repository reached from rest. */
public class BadResource {

    public int count(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.PreparedStatement s = c.prepareStatement("SELECT 1")) {
            return s.executeUpdate() + new Rows().count(c);
        }
    }
}
