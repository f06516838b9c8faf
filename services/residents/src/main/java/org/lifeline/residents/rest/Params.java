package org.lifeline.residents.rest;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.problem.ProblemException;
import org.lifeline.residents.model.Coded;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Query parameters read by hand, so a wrong value is a 400 that names it (not JAX-RS' 404). */
final class Params {

    private Params() {
    }

    static <E extends Enum<E> & Coded> E enumParam(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.code().equals(value)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Coded::code).collect(Collectors.joining(", "));
        throw ProblemException.invalidField(name, Texts.of("params.must-one", allowed));
    }

    static Set<String> listParam(String name, String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String v = part.trim();
            if (!allowed.contains(v)) {
                String list = String.join(", ", new java.util.TreeSet<>(allowed));
                throw ProblemException.invalidField(name, Texts.of("params.may-only-name", list));
            }
            values.add(v);
        }
        return values;
    }
}
