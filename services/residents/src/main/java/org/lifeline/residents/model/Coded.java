package org.lifeline.residents.model;

/** An enum stored and shown by a lower-case code (e.g. {@code sealed}, {@code living-alone-over-70}). */
public interface Coded {

    String code();

    static <E extends Enum<E> & Coded> E fromCode(Class<E> type, String code) {
        for (E value : type.getEnumConstants()) {
            if (value.code().equals(code)) {
                return value;
            }
        }
        throw new IllegalArgumentException("Unknown " + type.getSimpleName() + " " + code);
    }
}
