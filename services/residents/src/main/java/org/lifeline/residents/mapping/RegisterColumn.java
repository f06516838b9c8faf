package org.lifeline.residents.mapping;

import java.util.List;
import java.util.Locale;

/**
 * The columns of a register file (户籍/人口登记表), one row per person; a household is the persons of one
 * room of one unit. Headers are matched without regard to case, spaces or full-width punctuation, in
 * English or Chinese; column order is free; unknown columns are ignored. Documented in
 * {@code services/residents/README.md} ("Register files").
 */
public enum RegisterColumn {
    COMMUNITY(true, "community", "社区编码", "社区代码", "社区"),
    COMPOUND(true, "compound", "小区", "小区名称", "院落"),
    BUILDING(true, "building", "楼栋", "楼号", "楼栋号"),
    UNIT(true, "unit", "单元", "单元号"),
    ROOM(true, "room", "房号", "门牌号", "室"),
    NAME(true, "name", "姓名"),
    ID_NUMBER(true, "idNumber", "身份证号", "身份证号码", "公民身份号码"),
    PHONE(false, "phone", "手机号", "手机号码", "联系电话", "电话"),
    RELATION(false, "relation", "与户主关系", "关系"),
    FLAGS(false, "flags", "特殊人群", "重点人群", "关爱类别");

    final boolean required;
    public final List<String> headers;

    RegisterColumn(boolean required, String... headers) {
        this.required = required;
        this.headers = List.of(headers);
    }

    /** The name used in error reports and the API: the English header. */
    public String field() {
        return headers.get(0);
    }

    public boolean required() {
        return required;
    }

    /** The column a header names, or null. */
    static RegisterColumn of(String header) {
        String h = normalize(header);
        for (RegisterColumn column : values()) {
            for (String candidate : column.headers) {
                if (normalize(candidate).equals(h)) {
                    return column;
                }
            }
        }
        return null;
    }

    static String normalize(String header) {
        if (header == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c) || c == '\u3000' || c == '*' || c == '＊'
                    || c == '(' || c == ')' || c == '（' || c == '）' || c == '_' || c == '-') {
                continue;
            }
            out.append(c);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
