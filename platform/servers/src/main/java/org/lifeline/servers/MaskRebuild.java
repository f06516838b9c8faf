package org.lifeline.servers;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: tries to undo a mask the way an attacker would, from the other fields of the same response,
 * and counts how many full values remain possible (ARCHITECTURE.md rule 5: a mask cannot be undone from the
 * other fields a caller receives).
 *
 * <p>An ID number (GB 11643: 6 area digits, 8 birth-date digits, 3 sequence digits, 1 check character) is
 * rebuilt from the characters the mask shows, the birth date, birth year or age next to it, a gender, and the
 * area code assumed from the nearest place code (a household code starts with its district's 6 digits, and
 * most residents are registered in their district): the count is every number consistent with all of that
 * and with the check character. A mobile phone number: every digit string the mask allows (1, then 3-9).
 *
 * <p>{@link #scan} walks a parsed JSON document (maps, lists and scalars, as any JSON library gives them) or
 * export rows (a map per row, header to cell) and reports each masked field: a string holding {@code *} under a
 * key that names an ID number or a phone ({@code idNumber}, {@code phone}, {@code contactPhone}, 身份证号,
 * 手机号 ...).
 */
public final class MaskRebuild {

    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String CHECK = "10X98765432";
    private static final Pattern ID_KEY = Pattern.compile("(?i).*(idnumber|idcard|id_number|身份证).*");
    private static final Pattern PHONE_KEY = Pattern.compile("(?i).*(phone|mobile|手机|电话).*");
    private static final Pattern PLACE = Pattern.compile("(?<![0-9])([1-9][0-9]{5})[0-9]*");

    private MaskRebuild() {
    }

    /**
     * What the attacker knows besides the mask; any part may be null.
     *
     * @param gender "male"/"female" (or 男/女, m/f)
     * @param area the 6-digit area code assumed from a place code
     * @param today the day the response was read (ages are counted to it)
     */
    public record Known(LocalDate birthDate, Integer birthYear, Integer age, String gender, String area,
            LocalDate today) {

        public static Known nothing() {
            return new Known(null, null, null, null, null, LocalDate.now());
        }
    }

    /** One masked field of a document and how many full values it could be. */
    public record Finding(String path, String field, String masked, long candidates) {
    }

    /** How many full ID numbers fit the mask and what else is known. */
    public static long idCandidates(String masked, Known known) {
        if (masked == null || masked.length() != 18) {
            return masked == null ? 0 : (long) Math.pow(10, Math.min(18, masked.length()));
        }
        String m = masked.toUpperCase(Locale.ROOT);
        // residues mod 11 of the weighted sum over the first 17 characters, part by part
        long[] area = areaResidues(m, known.area());
        long[] dates = dateResidues(m, known);
        long[] sequence = sequenceResidues(m, known.gender());
        long[] all = convolve(convolve(area, dates), sequence);
        char check = m.charAt(17);
        long total = 0;
        for (int r = 0; r < 11; r++) {
            char c = CHECK.charAt(r);
            if (check == '*' || check == c) {
                total += all[r];
            }
        }
        return total;
    }

    /** How many phone numbers fit the mask: each hidden digit is any digit, except where a mobile number allows less. */
    public static long phoneCandidates(String masked) {
        if (masked == null) {
            return 0;
        }
        String digits = masked.replaceAll("[^0-9*]", "");
        boolean mobile = digits.length() == 11 && (digits.charAt(0) == '1' || digits.charAt(0) == '*');
        long count = 1;
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) == '*') {
                count *= mobile && i == 0 ? 1 : mobile && i == 1 ? 7 : 10;
            }
        }
        return count;
    }

    /** Every masked ID number and phone in a parsed JSON document (or export rows), with its candidate count. */
    public static List<Finding> scan(Object document, LocalDate today) {
        List<Finding> findings = new ArrayList<>();
        walk(document, "$", null, today, findings);
        return findings;
    }

    private static void walk(Object node, String path, String inheritedArea, LocalDate today, List<Finding> out) {
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", inheritedArea, today, out);
            }
        } else if (node instanceof Map<?, ?> map) {
            String area = areaOf(map, inheritedArea);
            Known known = knownOf(map, area, today);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object value = e.getValue();
                if (value instanceof String s && s.contains("*")) {
                    if (ID_KEY.matcher(key).matches()) {
                        out.add(new Finding(path + "." + key, key, s, idCandidates(s, known)));
                    } else if (PHONE_KEY.matcher(key).matches()) {
                        out.add(new Finding(path + "." + key, key, s, phoneCandidates(s)));
                    }
                } else {
                    walk(value, path + "." + key, area, today, out);
                }
            }
        }
    }

    private static String areaOf(Map<?, ?> map, String inherited) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
            if (e.getValue() instanceof String s && (key.contains("code") || key.contains("path") || key.contains("place")
                    || key.contains("area") || key.contains("community") || key.contains("社区") || key.contains("unit"))) {
                Matcher m = PLACE.matcher(s);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return inherited;
    }

    private static Known knownOf(Map<?, ?> map, String area, LocalDate today) {
        LocalDate birthDate = null;
        Integer birthYear = null;
        Integer age = null;
        String gender = null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            try {
                if (key.equals("birthdate") || key.equals("birth_date") || key.equals("出生日期")) {
                    birthDate = LocalDate.parse(v.toString());
                } else if (key.equals("birthyear") || key.equals("出生年份")) {
                    birthYear = Integer.valueOf(v.toString());
                } else if (key.equals("age") || key.equals("年龄")) {
                    age = Integer.valueOf(v.toString());
                } else if (key.equals("gender") || key.equals("sex") || key.equals("性别")) {
                    gender = v.toString();
                }
            } catch (RuntimeException ignored) {
                // not a value this field could hold: it tells the attacker nothing
            }
        }
        return new Known(birthDate, birthYear, age, gender, area, today);
    }

    private static long[] areaResidues(String m, String area) {
        boolean useArea = area != null && area.length() == 6;
        for (int i = 0; useArea && i < 6; i++) {
            useArea = m.charAt(i) == '*' || m.charAt(i) == area.charAt(i);
        }
        long[] counts = unit();
        for (int i = 0; i < 6; i++) {
            char c = m.charAt(i) != '*' ? m.charAt(i) : useArea ? area.charAt(i) : '*';
            counts = convolve(counts, digit(i, c, -1));
        }
        return counts;
    }

    private static long[] sequenceResidues(String m, String gender) {
        int parity = parity(gender);
        long[] counts = unit();
        for (int i = 14; i < 17; i++) {
            counts = convolve(counts, digit(i, m.charAt(i), i == 16 ? parity : -1));
        }
        return counts;
    }

    private static long[] dateResidues(String m, Known known) {
        long[] counts = new long[11];
        LocalDate today = known.today() == null ? LocalDate.now() : known.today();
        LocalDate from = LocalDate.of(Math.max(1900, today.getYear() - 120), 1, 1);
        LocalDate to = today;
        if (known.birthYear() != null) {
            from = max(from, LocalDate.of(known.birthYear(), 1, 1));
            to = min(to, LocalDate.of(known.birthYear(), 12, 31));
        }
        if (known.birthDate() != null) {
            from = max(from, known.birthDate());
            to = min(to, known.birthDate());
        }
        if (known.age() != null) {
            from = max(from, today.minusYears(known.age() + 1L).plusDays(1));
            to = min(to, today.minusYears(known.age()));
        }
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (known.age() != null && Period.between(d, today).getYears() != known.age()) {
                continue;
            }
            String digits = String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            int sum = 0;
            boolean fits = true;
            for (int i = 0; i < 8 && fits; i++) {
                char shown = m.charAt(6 + i);
                fits = shown == '*' || shown == digits.charAt(i);
                sum += (digits.charAt(i) - '0') * WEIGHTS[6 + i];
            }
            if (fits) {
                counts[sum % 11]++;
            }
        }
        return counts;
    }

    /** Residue counts of one character at {@code position}: shown, or any digit (of a parity if {@code parity} ≥ 0). */
    private static long[] digit(int position, char c, int parity) {
        long[] counts = new long[11];
        if (c != '*') {
            if (c >= '0' && c <= '9' && (parity < 0 || (c - '0') % 2 == parity)) {
                counts[((c - '0') * WEIGHTS[position]) % 11]++;
            }
            return counts;
        }
        for (int d = 0; d <= 9; d++) {
            if (parity < 0 || d % 2 == parity) {
                counts[(d * WEIGHTS[position]) % 11]++;
            }
        }
        return counts;
    }

    private static int parity(String gender) {
        if (gender == null) {
            return -1;
        }
        String g = gender.trim().toLowerCase(Locale.ROOT);
        return g.startsWith("f") || g.equals("女") ? 0 : g.startsWith("m") || g.equals("男") ? 1 : -1;
    }

    private static long[] unit() {
        long[] counts = new long[11];
        counts[0] = 1;
        return counts;
    }

    private static long[] convolve(long[] a, long[] b) {
        long[] c = new long[11];
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                c[(i + j) % 11] += a[i] * b[j];
            }
        }
        return c;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    /** Rows of a CSV export (first line the header) as maps, for {@link #scan}. */
    public static List<Map<String, String>> rows(List<List<String>> table) {
        List<Map<String, String>> rows = new ArrayList<>();
        if (table.isEmpty()) {
            return rows;
        }
        List<String> header = table.get(0);
        for (List<String> line : table.subList(1, table.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < line.size(); i++) {
                row.put(header.get(i).replace("\uFEFF", "").trim(), line.get(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
