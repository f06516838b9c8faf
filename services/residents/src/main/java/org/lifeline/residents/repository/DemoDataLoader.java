package org.lifeline.residents.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeline.platform.privacy.NationalId;
import org.lifeline.residents.event.HouseholdChanged;
import org.lifeline.residents.event.PlaceCreated;
import org.lifeline.residents.model.InitialStatus;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;
import org.lifeline.platform.events.EventType;
import org.lifeline.platform.outbox.Outbox;
import org.lifeline.residents.model.ControlStatus;
import org.lifeline.residents.model.PlaceLevel;
import org.lifeline.residents.model.Relation;
import org.lifeline.residents.model.VulnerableFlag;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the demo data ({@code service.DemoData}) over JDBC in batches. Demo data for the local stack ({@code residents.demo.enabled=true}, set by {@code ./lifeline up};
 * never in production): Xi'an &gt; Yanta district &gt; one street with 4 communities, 3 compounds each,
 * 8 buildings, 3 units, 12 rooms: 3,456 households and about 9,000 persons, all with valid (fictional)
 * ID numbers. Deterministic (fixed seed), written once into an empty database, with the same outbox
 * events the API would write. The households of the demo users {@code resident1} and
 * {@code resident2} are {@code 610113001001-01-01-1-0101} and {@code 610113001002-01-01-1-0101}.
 */
@ApplicationScoped
public class DemoDataLoader {

    private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗" };
    private static final String[] GIVEN = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国", "桂兰", "晨", "欣怡", "子涵", "浩然" };
    private static final String[] COMMUNITY_NAMES = { "电子城社区", "丈八社区", "科技路社区", "高新社区" };
    private static final String[] COMPOUND_NAMES = { "枫林小区", "锦园小区", "绿地小区" };

    @Inject
    ObjectMapper mapper;

    /** True when the database holds no place yet (demo data is written into an empty database only). */
    public boolean empty(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM place")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    /**
     * Writes the demo data in the caller's transaction; {@code decide} gives each household's first status.
     *
     * @return places, households, persons written
     */
    public int[] load(Connection c, Function<ControlStatus, InitialStatus> decide) throws Exception {
        Random random = new Random(20220101L);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Set<String> ids = new HashSet<>();
        int places = 0;
        int households = 0;
        int persons = 0;
        try (PreparedStatement place = c.prepareStatement(
                "INSERT INTO place (code, name, level, parent_code, path) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement household = c.prepareStatement("INSERT INTO household (id, code, unit_code, room, "
                        + "place_path, status, status_reason, status_source, status_since, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement person = c.prepareStatement("INSERT INTO person (id, household_id, name, id_number, "
                        + "phone, birth_date, relation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement flag = c.prepareStatement("INSERT INTO person_flag (person_id, flag) VALUES (?, ?)");
                PreparedStatement outbox = Outbox.insert(c)) {
            String city = "6101";
            places += addPlace(place, outbox, city, "西安市", PlaceLevel.CITY, null, "/");
            String district = "610113";
            places += addPlace(place, outbox, district, "雁塔区", PlaceLevel.DISTRICT, city, "/6101/");
            String street = "610113001";
            String streetPath = "/6101/610113/610113001/";
            places += addPlace(place, outbox, street, "电子城街道", PlaceLevel.STREET, district, "/6101/610113/");
            for (int cm = 1; cm <= COMMUNITY_NAMES.length; cm++) {
                String community = street + String.format("%03d", cm);
                String communityPath = streetPath + community + "/";
                places += addPlace(place, outbox, community, COMMUNITY_NAMES[cm - 1], PlaceLevel.COMMUNITY, street, streetPath);
                for (int cp = 1; cp <= COMPOUND_NAMES.length; cp++) {
                    String compound = community + String.format("-%02d", cp);
                    String compoundPath = communityPath + compound + "/";
                    places += addPlace(place, outbox, compound, COMPOUND_NAMES[cp - 1], PlaceLevel.COMPOUND, community, communityPath);
                    for (int b = 1; b <= 8; b++) {
                        String building = compound + String.format("-%02d", b);
                        String buildingPath = compoundPath + building + "/";
                        places += addPlace(place, outbox, building, b + "号楼", PlaceLevel.BUILDING, compound, compoundPath);
                        for (int u = 1; u <= 3; u++) {
                            String unit = building + "-" + u;
                            String unitPath = buildingPath + unit + "/";
                            places += addPlace(place, outbox, unit, u + "单元", PlaceLevel.UNIT, building, buildingPath);
                            for (int floor = 1; floor <= 6; floor++) {
                                for (int r = 1; r <= 2; r++) {
                                    String room = String.format("%02d%02d", floor, r);
                                    String code = unit + "-" + room;
                                    UUID hid = UUID.nameUUIDFromBytes(code.getBytes(StandardCharsets.UTF_8));
                                    ControlStatus status = pickStatus(random);
                                    List<HouseholdChanged.Member> members = members(random, ids);
                                    household.setObject(1, hid);
                                    household.setString(2, code);
                                    household.setString(3, unit);
                                    household.setString(4, room);
                                    household.setString(5, unitPath);
                                    InitialStatus initial = decide.apply(status);
                                    household.setString(6, initial.status().code());
                                    household.setString(7, initial.reason());
                                    household.setString(8, initial.source());
                                    household.setTimestamp(9, Timestamp.from(now.toInstant()));
                                    household.setTimestamp(10, Timestamp.from(now.toInstant()));
                                    household.setTimestamp(11, Timestamp.from(now.toInstant()));
                                    household.addBatch();
                                    for (HouseholdChanged.Member m : members) {
                                        String idNumber = memberIds.remove(m.personId());
                                        person.setObject(1, m.personId());
                                        person.setObject(2, hid);
                                        person.setString(3, m.name());
                                        person.setString(4, idNumber);
                                        person.setString(5, random.nextInt(10) < 8 ? phone(random) : null);
                                        person.setDate(6, Date.valueOf(m.birthDate()));
                                        person.setString(7, m.relation().code());
                                        person.setTimestamp(8, Timestamp.from(now.toInstant()));
                                        person.setTimestamp(9, Timestamp.from(now.toInstant()));
                                        person.addBatch();
                                        for (VulnerableFlag f : m.flags()) {
                                            flag.setObject(1, m.personId());
                                            flag.setString(2, f.code());
                                            flag.addBatch();
                                        }
                                        persons++;
                                    }
                                    HouseholdChanged data = new HouseholdChanged(HouseholdChanged.Change.REGISTERED, hid,
                                            code, unit, room, unitPath, null, initial.status(), initial.reason(),
                                            initial.source(), now, null, 0, members);
                                    event(outbox, HouseholdChanged.EVENT, hid.toString(), data);
                                    households++;
                                }
                            }
                        }
                    }
                    place.executeBatch();
                    household.executeBatch();
                    person.executeBatch();
                    flag.executeBatch();
                    outbox.executeBatch();
                }
            }
        }
        return new int[] { places, households, persons };
    }

    private final java.util.Map<UUID, String> memberIds = new java.util.HashMap<>();

    private List<HouseholdChanged.Member> members(Random random, Set<String> ids) {
        List<HouseholdChanged.Member> members = new ArrayList<>();
        int kind = random.nextInt(100);
        LocalDate today = LocalDate.now();
        String surname = SURNAMES[random.nextInt(SURNAMES.length)];
        if (kind < 6) { // an elderly person living alone
            members.add(member(random, ids, surname, today.minusYears(71 + random.nextInt(20)), Relation.HOUSEHOLDER,
                    EnumSet.of(VulnerableFlag.LIVING_ALONE_OVER_70)));
            return members;
        }
        int adults = 1 + random.nextInt(2);
        for (int i = 0; i < adults; i++) {
            EnumSet<VulnerableFlag> flags = EnumSet.noneOf(VulnerableFlag.class);
            int roll = random.nextInt(100);
            if (roll < 6) {
                flags.add(VulnerableFlag.CHRONIC_ILLNESS);
            } else if (roll < 8) {
                flags.add(VulnerableFlag.DISABLED);
            } else if (roll == 8) {
                flags.add(VulnerableFlag.DIALYSIS);
            } else if (roll == 9 && i == 1) {
                flags.add(VulnerableFlag.PREGNANT);
            }
            members.add(member(random, ids, i == 0 ? surname : SURNAMES[random.nextInt(SURNAMES.length)],
                    today.minusYears(25 + random.nextInt(40)), i == 0 ? Relation.HOUSEHOLDER : Relation.SPOUSE, flags));
        }
        if (random.nextInt(100) < 55) {
            members.add(member(random, ids, surname, today.minusYears(1 + random.nextInt(17)), Relation.CHILD,
                    EnumSet.noneOf(VulnerableFlag.class)));
        }
        if (random.nextInt(100) < 15) {
            members.add(member(random, ids, SURNAMES[random.nextInt(SURNAMES.length)],
                    today.minusYears(66 + random.nextInt(25)), Relation.PARENT,
                    random.nextBoolean() ? EnumSet.of(VulnerableFlag.CHRONIC_ILLNESS) : EnumSet.noneOf(VulnerableFlag.class)));
        }
        return members;
    }

    private HouseholdChanged.Member member(Random random, Set<String> ids, String surname, LocalDate birth,
            Relation relation, Set<VulnerableFlag> flags) {
        LocalDate birthDate = birth.minusDays(random.nextInt(365));
        String id;
        do {
            String first17 = "610113" + birthDate.toString().replace("-", "") + String.format("%03d", random.nextInt(1000));
            id = first17 + NationalId.checkCharacter(first17);
        } while (!ids.add(id));
        UUID personId = UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
        memberIds.put(personId, id);
        return new HouseholdChanged.Member(personId, surname + GIVEN[random.nextInt(GIVEN.length)], birthDate, relation,
                Set.copyOf(flags));
    }

    private static String phone(Random random) {
        String[] prefixes = { "133", "138", "139", "150", "151", "177", "180", "186", "189", "199" };
        return prefixes[random.nextInt(prefixes.length)] + String.format("%08d", random.nextInt(100_000_000));
    }

    private static ControlStatus pickStatus(Random random) {
        int roll = random.nextInt(1000);
        return roll < 5 ? ControlStatus.SEALED : roll < 25 ? ControlStatus.CONTROLLED
                : roll < 60 ? ControlStatus.PRECAUTION : ControlStatus.NORMAL;
    }

    private int addPlace(PreparedStatement place, PreparedStatement outbox, String code, String name, PlaceLevel level,
            String parent, String parentPath) throws Exception {
        String path = parentPath + code + "/";
        place.setString(1, code);
        place.setString(2, name);
        place.setString(3, level.code());
        place.setString(4, parent);
        place.setString(5, path);
        place.addBatch();
        if (level.ordinal() <= PlaceLevel.STREET.ordinal()) {
            place.executeBatch(); // parents first, for the foreign key
        }
        event(outbox, PlaceCreated.EVENT, code, new PlaceCreated(code, name, level, parent, path));
        return 1;
    }

    private void event(PreparedStatement outbox, EventType type, String key, Object data) throws Exception {
        Outbox.bind(outbox, Outbox.row(mapper, type, key, data));
        outbox.addBatch();
    }
}
