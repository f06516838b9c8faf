package org.lifeline.bench;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.lifeline.platform.privacy.NationalId;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic city register, the same for the same seed: district 610113 of Xi'an (6101) with
 * {@code streets x communities} communities, each with compounds of 8 buildings x 4 units x 15 floors x
 * 2 rooms; households of 1 to 6 persons with common Chinese surnames and given names, ages from a
 * city's pyramid, valid GB 11643 ID numbers (unique by construction), mobile phones for most adults,
 * and the usual share of vulnerable persons. Written in the register layout of the residents service.
 */
public final class CityRegister {

    static final String CITY = "6101";
    static final String DISTRICT = "610113";

    /** Surnames by frequency (the first are the most common in China). */
    private static final String[] SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
            + "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
            + "莫孔向汤").split("");
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国玉萍红梅鑫波斌宇浩凯秀兰"
            + "俊峰帅欣怡佳琪子涵梓轩雨晨思博文婷颖晓东海燕丹慧云飞鹏辉鹤春雪";
    private static final String[] PHONE_PREFIXES = { "133", "135", "136", "138", "139", "150", "151", "152", "177",
            "180", "186", "187", "189", "199" };
    private static final String[] RELATION_KIDS = { "子女" };
    static final String HEADER = "社区编码,小区,楼栋,单元,房号,姓名,身份证号,手机号,与户主关系,特殊人群";
    private static final String[] COMPOUND_NAMES = { "枫林绿洲", "锦园新城", "紫薇花园", "翠华小区", "丈八东苑", "曲江春晓",
            "高新花园", "电子城小区", "唐延公寓", "雁南苑" };

    /** One person row. */
    record Row(String community, String compound, String building, String unit, String room, String name, String id,
            String phone, String relation, String flags) {
        String[] cells() {
            return new String[] { community, compound, building, unit, room, name, id, phone, relation, flags };
        }
    }

    /** Receives rows as they are made. */
    interface Sink {
        void accept(Row row) throws IOException;
    }

    private final long seed;
    private final int persons;
    private final int streets;
    private final int communitiesPerStreet;

    CityRegister(long seed, int persons, int streets, int communitiesPerStreet) {
        this.seed = seed;
        this.persons = persons;
        this.streets = streets;
        this.communitiesPerStreet = communitiesPerStreet;
    }

    List<String> communities() {
        List<String> codes = new ArrayList<>();
        for (int s = 1; s <= streets; s++) {
            for (int c = 1; c <= communitiesPerStreet; c++) {
                codes.add(street(s) + String.format("%03d", c));
            }
        }
        return codes;
    }

    static String street(int s) {
        return DISTRICT + String.format("%03d", s);
    }

    /** Makes every row, community after community, the persons split evenly between communities. */
    void generate(Sink sink) throws IOException {
        Random random = new Random(seed);
        Map<LocalDate, Integer> sequence = new HashMap<>();
        LocalDate today = LocalDate.of(2022, 1, 1);
        List<String> communities = communities();
        int made = 0;
        for (int ci = 0; ci < communities.size(); ci++) {
            int quota = (int) ((long) persons * (ci + 1) / communities.size()) - made;
            String community = communities.get(ci);
            int inCommunity = 0;
            int household = 0;
            while (inCommunity < quota) {
                int compound = household / (8 * 4 * 15 * 2);
                int rest = household % (8 * 4 * 15 * 2);
                int building = rest / (4 * 15 * 2);
                int unit = rest / (15 * 2) % 4;
                int floor = rest / 2 % 15;
                String compoundName = COMPOUND_NAMES[compound % COMPOUND_NAMES.length]
                        + (compound >= COMPOUND_NAMES.length ? Integer.toString(compound / COMPOUND_NAMES.length + 1) : "");
                String room = String.format("%02d%02d", floor + 1, rest % 2 + 1);
                int size = Math.min(quota - inCommunity, householdSize(random));
                String surname = SURNAMES[skewed(random, SURNAMES.length)];
                for (int p = 0; p < size; p++) {
                    int age = p == 0 ? 30 + random.nextInt(55) : p == 1 ? 28 + random.nextInt(55)
                            : random.nextInt(4) == 0 ? 60 + random.nextInt(30) : random.nextInt(25);
                    LocalDate birth = today.minusYears(age).minusDays(random.nextInt(365));
                    String relation = p == 0 ? "户主" : p == 1 ? "配偶" : age >= 60 ? "父母" : RELATION_KIDS[0];
                    String name = (p == 1 || relation.equals("父母") ? SURNAMES[skewed(random, SURNAMES.length)] : surname)
                            + given(random);
                    String phone = age >= 16 && random.nextInt(10) < 8 ? PHONE_PREFIXES[random.nextInt(PHONE_PREFIXES.length)]
                            + String.format("%08d", random.nextInt(100_000_000)) : "";
                    String flags = flags(random, age, size);
                    sink.accept(new Row(community, compoundName, (building + 1) + "号楼", (unit + 1) + "单元", room, name,
                            id(birth, sequence), phone, relation, flags));
                    inCommunity++;
                }
                household++;
            }
            made += inCommunity;
        }
    }

    private static int householdSize(Random random) {
        int roll = random.nextInt(100);
        return roll < 18 ? 1 : roll < 48 ? 2 : roll < 76 ? 3 : roll < 91 ? 4 : roll < 98 ? 5 : 6;
    }

    /** An index skewed to the front (common surnames are much more common). */
    private static int skewed(Random random, int n) {
        double u = random.nextDouble();
        return Math.min(n - 1, (int) (n * u * u));
    }

    private static String given(Random random) {
        int a = random.nextInt(GIVEN.length());
        if (random.nextInt(10) < 3) {
            return GIVEN.substring(a, a + 1);
        }
        int b = random.nextInt(GIVEN.length());
        return GIVEN.substring(a, a + 1) + GIVEN.substring(b, b + 1);
    }

    private static String flags(Random random, int age, int householdSize) {
        int roll = random.nextInt(1000);
        if (age >= 70 && householdSize == 1) {
            return "独居老人";
        }
        if (roll < 15) {
            return "慢性病";
        }
        if (roll < 25) {
            return "残疾人";
        }
        if (roll < 28) {
            return "透析患者";
        }
        return "";
    }

    /** Unique per birth date by construction: a sequence of at most 999 per day. */
    private static String id(LocalDate birth, Map<LocalDate, Integer> sequence) {
        LocalDate day = birth;
        int n = sequence.merge(day, 1, Integer::sum);
        while (n > 999) {
            day = day.minusDays(1);
            n = sequence.merge(day, 1, Integer::sum);
        }
        String first17 = DISTRICT + day.toString().replace("-", "") + String.format("%03d", n);
        return first17 + NationalId.checkCharacter(first17);
    }

    /** The register as CSV (UTF-8 with BOM, as Excel saves "CSV UTF-8"). */
    void writeCsv(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('\uFEFF');
            w.write(HEADER);
            w.write("\r\n");
            generate(row -> {
                w.write(String.join(",", row.cells()));
                w.write("\r\n");
            });
        }
    }

    /** The register as XLSX, written the way Excel does (shared strings), ID numbers as text. */
    void writeXlsx(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); Workbook wb = new Workbook(out, "Lifeline bench", "1.0")) {
            Worksheet ws = wb.newWorksheet("人口登记");
            String[] header = HEADER.split(",");
            for (int i = 0; i < header.length; i++) {
                ws.value(0, i, header[i]);
            }
            int[] r = { 1 };
            generate(row -> {
                String[] cells = row.cells();
                for (int i = 0; i < cells.length; i++) {
                    if (!cells[i].isEmpty()) {
                        ws.value(r[0], i, cells[i]);
                    }
                }
                if (++r[0] % 10_000 == 0) {
                    ws.flush();
                }
            });
            ws.finish();
        }
    }
}
