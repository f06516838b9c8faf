package org.lifeline.residents.mapping;

import java.io.IOException;
import java.io.Writer;

/** Writes CSV rows (RFC 4180): fields quoted when they hold a comma, quote or line break. */
public final class CsvText {

    private CsvText() {
    }

    public static void row(Writer w, String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            field(w, fields[i]);
        }
        w.write("\r\n");
    }

    static void field(Writer w, String value) throws IOException {
        if (value == null) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        // a leading = + - @ would be run as a formula by a spreadsheet (CSV injection)
        boolean formula = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0;
        if (!quote && !formula) {
            w.write(value);
            return;
        }
        w.write('"');
        if (formula) {
            w.write('\'');
        }
        w.write(value.replace("\"", "\"\""));
        w.write('"');
    }
}
