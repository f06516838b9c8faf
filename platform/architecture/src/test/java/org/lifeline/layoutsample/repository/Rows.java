package org.lifeline.layoutsample.repository;

/** Follows the layout: SQL in a repository. */
public class Rows {

    public int count(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
