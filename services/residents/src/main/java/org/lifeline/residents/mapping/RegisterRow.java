package org.lifeline.residents.mapping;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.platform.problem.Message;
import org.lifeline.residents.api.Codes;
import org.lifeline.residents.model.Relation;
import org.lifeline.residents.model.VulnerableFlag;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row of a register file, checked. Either {@link #error} is set (the first problem found, with its
 * column) or the row is valid and normalised: ID number upper-case, birth date from the ID number,
 * relation and flags as codes. An empty optional cell means "keep what is registered"; a flags cell of
 * {@code 无} or {@code none} clears the flags.
 */
public final class RegisterRow {

    /** Why a row is refused: the column, a stable code, a message in both languages. */
    public record RowError(String field, String code, Message message) {
    }

    private static final Pattern PHONE = Pattern.compile(Codes.PHONE);
    private static final Pattern ROOM = Pattern.compile(Codes.ROOM);
    private static final Pattern PLACE_CODE = Pattern.compile(Codes.PLACE_CODE);
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[;；,，、/|\\s]+");
    private static final Map<String, Relation> RELATIONS = new HashMap<>();
    private static final Map<String, VulnerableFlag> FLAGS = new HashMap<>();

    static {
        for (Relation r : Relation.values()) {
            RELATIONS.put(r.code(), r);
        }
        relation(Relation.HOUSEHOLDER, "户主", "本人");
        relation(Relation.SPOUSE, "配偶", "妻", "妻子", "夫", "丈夫");
        relation(Relation.CHILD, "子女", "子", "女", "儿子", "女儿", "长子", "长女", "次子", "次女");
        relation(Relation.PARENT, "父母", "父亲", "母亲", "父", "母");
        relation(Relation.GRANDPARENT, "祖父母", "外祖父母", "祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶", "外公", "外婆");
        relation(Relation.GRANDCHILD, "孙子女", "孙子", "孙女", "外孙子女", "外孙", "外孙女");
        relation(Relation.SIBLING, "兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹");
        relation(Relation.OTHER_RELATIVE, "其他亲属", "亲属");
        relation(Relation.TENANT, "租户", "租客", "租住");
        relation(Relation.OTHER, "其他", "其它");
        for (VulnerableFlag f : VulnerableFlag.values()) {
            FLAGS.put(f.code(), f);
        }
        flag(VulnerableFlag.LIVING_ALONE_OVER_70, "独居老人", "独居");
        flag(VulnerableFlag.DISABLED, "残疾人", "残疾");
        flag(VulnerableFlag.PREGNANT, "孕产妇", "孕妇");
        flag(VulnerableFlag.DIALYSIS, "透析患者", "透析");
        flag(VulnerableFlag.CHRONIC_ILLNESS, "慢性病", "慢病", "慢性病患者");
        flag(VulnerableFlag.CHILD_WITHOUT_GUARDIAN, "无人监护儿童", "留守儿童");
        flag(VulnerableFlag.BEDRIDDEN, "卧床", "长期卧床", "卧床不起");
    }

    private static void relation(Relation r, String... names) {
        for (String n : names) {
            RELATIONS.put(n, r);
        }
    }

    private static void flag(VulnerableFlag f, String... names) {
        for (String n : names) {
            FLAGS.put(n, f);
        }
    }

    public String community;
    public String compound;
    public String building;
    public String unit;
    public String room;
    public String name;
    public String idNumber;
    public LocalDate birthDate;
    /** null: keep the registered phone. */
    public String phone;
    /** null: keep the registered relation (a new person without one is {@code other}). */
    public Relation relation;
    /** null: keep the registered flags; empty: clear them. */
    public Set<VulnerableFlag> flags;
    public RowError error;

    /** Reads and checks the current row of the file. */
    public static RegisterRow of(RegisterFile file) {
        RegisterRow row = new RegisterRow();
        row.read(file);
        return row;
    }

    private void read(RegisterFile f) {
        community = required(f, RegisterColumn.COMMUNITY, 64);
        if (error != null) {
            return;
        }
        if (!PLACE_CODE.matcher(community).matches()) {
            fail(RegisterColumn.COMMUNITY, "invalid-place-code", Texts.of("register-row.not-place-code-letters-digits"));
            return;
        }
        compound = required(f, RegisterColumn.COMPOUND, 200);
        building = error == null ? required(f, RegisterColumn.BUILDING, 200) : null;
        unit = error == null ? required(f, RegisterColumn.UNIT, 200) : null;
        room = error == null ? required(f, RegisterColumn.ROOM, 20) : null;
        if (error != null) {
            return;
        }
        room = room.replaceAll("[室号]$", "").strip();
        if (!ROOM.matcher(room).matches()) {
            fail(RegisterColumn.ROOM, "invalid-room", Texts.of("register-row.must-letters-digits-dashes-like"));
            return;
        }
        name = required(f, RegisterColumn.NAME, 100);
        if (error != null) {
            return;
        }
        String raw = required(f, RegisterColumn.ID_NUMBER, 40);
        if (error != null) {
            return;
        }
        if (f.storedAsNumber(RegisterColumn.ID_NUMBER)) {
            fail(RegisterColumn.ID_NUMBER, "id-stored-as-number", Texts.of("register-row.was-stored-number-which-loses"));
            return;
        }
        String id = NationalId.normalize(raw);
        NationalId.Problem problem = NationalId.check(id);
        if (problem != null) {
            fail(RegisterColumn.ID_NUMBER, "invalid-id-number", switch (problem) {
                case LENGTH -> Texts.of("register-row.must-have-18-characters");
                case CHARACTERS -> Texts.of("register-row.must-17-digits-followed-by");
                case BIRTH_DATE -> Texts.of("register-row.holds-no-valid-birth-date");
                case CHECK_DIGIT -> Texts.of("register-row.has-wrong-check-digit-gb");
            });
            return;
        }
        idNumber = id;
        birthDate = NationalId.birthDate(id);
        String p = f.get(RegisterColumn.PHONE);
        if (p != null) {
            p = p.replace(" ", "").replace("+86", "");
            if (!PHONE.matcher(p).matches()) {
                fail(RegisterColumn.PHONE, "invalid-phone", Texts.of("register-row.must-mobile-number-11-digits"));
                return;
            }
            phone = p;
        }
        String r = f.get(RegisterColumn.RELATION);
        if (r != null) {
            relation = RELATIONS.get(r.toLowerCase(java.util.Locale.ROOT));
            if (relation == null) {
                fail(RegisterColumn.RELATION, "unknown-relation", Texts.of("register-row.not-known-relation-householder-spouse"));
                return;
            }
        }
        String fl = f.get(RegisterColumn.FLAGS);
        if (fl != null) {
            flags = EnumSet.noneOf(VulnerableFlag.class);
            if (!fl.equals("无") && !fl.equalsIgnoreCase("none")) {
                for (String part : LIST_SEPARATORS.split(fl)) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    VulnerableFlag flag = FLAGS.get(part.toLowerCase(java.util.Locale.ROOT));
                    if (flag == null) {
                        fail(RegisterColumn.FLAGS, "unknown-flag", Texts.of("register-row.not-known-flag-living-alone", part));
                        return;
                    }
                    flags.add(flag);
                }
            }
            Message impossible = org.lifeline.residents.model.FlagRules.impossible(id, flags);
            if (impossible != null) {
                fail(RegisterColumn.FLAGS, "impossible-flag", impossible);
            }
        }
    }

    private String required(RegisterFile f, RegisterColumn column, int maxLength) {
        String value = f.get(column);
        if (value == null) {
            fail(column, "required", Texts.of("register-row.empty"));
            return null;
        }
        if (value.length() > maxLength) {
            fail(column, "too-long", Texts.of("register-row.longer-than-characters", maxLength));
            return null;
        }
        return value;
    }

    void fail(RegisterColumn column, String code, Message message) {
        if (error == null) {
            error = new RowError(column.field(), code, message);
        }
    }
}
