package org.lifeline.testing.rest;

import java.util.List;

/** A page of a list: zero-based {@code page}, its {@code size}, and the totals (as in residents). */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <T> Page<T> of(List<T> items, int page, int size, long total) {
        return new Page<>(items, page, size, total, (int) ((total + size - 1) / size));
    }
}
