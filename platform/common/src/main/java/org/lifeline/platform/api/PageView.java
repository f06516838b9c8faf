package org.lifeline.platform.api;

import java.util.List;

/** A page of a list, as every service answers lists: zero-based {@code page}, its {@code size}, and the totals. */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <T> PageView<T> of(List<T> items, int page, int size, long total) {
        return new PageView<>(items, page, size, total, (int) ((total + size - 1) / size));
    }
}
