package org.lifeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lifeline.servers.Tokens;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The hotline benchmark of issue 20, against the real stack through the gateway (bench/hotline.sh starts it):
 * <ol>
 * <li><b>register</b>: a {@link CityRegister} imported into residents (CSV, as district1); the hotline builds its
 * read model of the households from residents' events, and the benchmark waits until it holds them all;</li>
 * <li><b>survey</b>: a survey round's {@code SurveyVisitRecorded} events (one household each, symptoms found)
 * published to Kafka at once; the time until every one of their tickets exists (ticket {@code opened_at});</li>
 * <li><b>surge</b>: the other routes at a fixed rate (baseline), then contacts posted to
 * {@code POST /api/hotline/contacts} at a fixed rate (open model: each request leaves at its planned time whatever
 * the answers before it; its latency counts from that planned time), a share of them repeats of tickets opened
 * earlier; intake p95/p99, repeats merged (the answers and the database), contacts lost, and the other routes' p99
 * during the surge against the baseline;</li>
 * <li><b>escalation</b>: open tickets written with SQL whose first-response deadlines pass evenly over a window,
 * with their platform deadlines as the service writes them; the delay from each deadline to its escalation on the
 * timeline (both clocks of this machine);</li>
 * <li><b>screen</b>: closed tickets written with SQL until the database holds the given number, then the
 * operator's household lookup, the household's tickets, the whole household overview and the queue, timed one
 * after the other through the gateway.</li>
 * </ol>
 * Options (defaults are the issue's sizes): --gateway, --residents, --hotline-jdbc, --residents-jdbc, --kafka,
 * --persons 100000, --contacts 50000, --rate 100, --repeats 0.4, --warmup 20 (s), --others-warmup 30 (s, the other
 * routes alone, not counted, before their baseline), --baseline 60 (s),
 * --other-rate 1, --survey 10000, --escalations 10000, --window 60 (s), --stored 1000000, --operator operator1,
 * --phases register,survey,surge,escalation,screen, --work, --out.
 */
public final class HotlineBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] CATEGORIES = { "supplies", "medical", "testing", "care", "housing-utilities", "other" };

    record Household(UUID id, String code, String path) {
    }

    record Answer(String phase, String route, int status, double millis, boolean merged, boolean repeat) {
    }

    /** A route the surge must leave alone: a GET as one user at a fixed rate. */
    record Other(String route, String path, String user, double rate) {
    }

    private final Map<String, String> o;
    private final String gateway;
    private final String hotlineJdbc;
    private final String residentsJdbc;
    private final String run = "b" + UUID.randomUUID().toString().substring(0, 6);
    private final Map<String, String> results = new LinkedHashMap<>();
    private final Map<String, String> targets = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tokens");
        t.setDaemon(true);
        return t;
    });

    private HotlineBenchmark(Map<String, String> o) {
        this.o = o;
        this.gateway = o.getOrDefault("gateway", "http://localhost:18080");
        this.hotlineJdbc = o.getOrDefault("hotline-jdbc", "jdbc:postgresql://localhost:45432/hotline");
        this.residentsJdbc = o.getOrDefault("residents-jdbc", "jdbc:postgresql://localhost:45432/residents");
        targets.put("survey batch: tickets opened per second (first event sent → last ticket opened)", ">= 1,000 tickets/s");
        targets.put("hotline surge: intake latency (accepted contacts, from each one's planned send time)", "p95 <= 50 ms, p99 <= 150 ms");
        targets.put("hotline surge: repeats merged (answers)", "100 %");
        targets.put("hotline surge: repeats merged (database: contact rows − tickets, of the repeats sent)", "100 %");
        targets.put("hotline surge: contacts lost (accepted but no row)", "0");
        targets.put("other routes' p99, baseline → surge", "unchanged (within 20 % or 5 ms), all routes");
        targets.put("escalation: delay deadline → escalation on the timeline", "p99 <= 2 s");
        targets.put("escalation: escalated (community → street)", "all, none twice");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new HotlineBenchmark(o).run();
        System.exit(0);
    }

    private int integer(String name, int fallback) {
        return Integer.parseInt(o.getOrDefault(name, Integer.toString(fallback)));
    }

    private double decimal(String name, double fallback) {
        return Double.parseDouble(o.getOrDefault(name, Double.toString(fallback)));
    }

    private void run() throws Exception {
        Set<String> phases = Set.of(o.getOrDefault("phases", "register,survey,surge,escalation,screen").split(","));
        int persons = integer("persons", 100_000);
        int contacts = integer("contacts", 50_000);
        double rate = decimal("rate", 100);
        double repeats = decimal("repeats", 0.4);
        int warmup = integer("warmup", 20);
        int survey = integer("survey", 10_000);
        int escalations = integer("escalations", 10_000);
        String operator = o.getOrDefault("operator", "operator1");
        Path out = Path.of(o.getOrDefault("out", "docs/benchmarks/hotline.md"));
        for (String user : List.of(operator, "staff1", "street1", "resident1", "volunteer1", "health1", "admin1", "district1")) {
            tokens.put(user, Tokens.of(user));
        }
        refresher.scheduleAtFixedRate(() -> tokens.replaceAll((user, old) -> {
            try {
                return Tokens.of(user);
            } catch (RuntimeException e) {
                return old;
            }
        }), 30, 30, TimeUnit.SECONDS);

        if (phases.contains("register")) {
            register(persons);
        }
        List<Household> all = households();
        results.put("households in the register (and in the hotline's read model)", String.format("%,d", all.size()));
        Collections.shuffle(all, new Random(20L));
        // disjoint groups, so that each phase opens tickets the others have not: survey, escalation, warm-up, surge
        int newPairs = contacts - (int) Math.floor(contacts * repeats);
        int warmupContacts = (int) (warmup * rate);
        int warmupNew = warmupContacts - (int) Math.floor(warmupContacts * repeats);
        int[] sizes = { phases.contains("survey") ? survey : 0,
                phases.contains("escalation") ? (escalations + CATEGORIES.length - 1) / CATEGORIES.length : 0,
                phases.contains("surge") ? (warmupNew * 3 / 2 + CATEGORIES.length - 1) / CATEGORIES.length + 1 : 0 };
        int used = Arrays.stream(sizes).sum();
        int surgeHouseholds = all.size() - used;
        if (phases.contains("surge") && (long) surgeHouseholds * CATEGORIES.length < newPairs * 6L / 5) {
            throw new IllegalStateException(String.format("%,d households are too few: the surge needs %,d (household, "
                    + "category) pairs of its own (%,d households besides %,d for the other phases); give more --persons",
                    all.size(), newPairs, (newPairs * 6 / 5) / CATEGORIES.length + 1, used));
        }
        List<Household> surveyGroup = all.subList(0, sizes[0]);
        List<Household> escalationGroup = all.subList(sizes[0], sizes[0] + sizes[1]);
        List<Household> warmupGroup = all.subList(sizes[0] + sizes[1], used);
        List<Household> surgeGroup = all.subList(used, all.size());

        if (phases.contains("survey")) {
            settle("survey");
            survey(surveyGroup);
        }
        if (phases.contains("surge")) {
            settle("surge");
            surge(warmupGroup, surgeGroup, contacts, rate, repeats, warmup, operator);
        }
        if (phases.contains("escalation")) {
            settle("escalation");
            escalation(escalationGroup, escalations);
        }
        if (phases.contains("screen")) {
            settle("screen");
            screen(all, integer("stored", 1_000_000), operator);
        }
        write(out);
    }

    // ---------------------------------------------------------------- between phases

    /**
     * Waits until every consumer group on the broker has read everything (no lag, three checks in a row 2 s apart), so
     * that a phase does not run while the services still digest the one before it: the register's 37,000 households
     * take testing and supplies minutes after the hotline's read model is complete, and a survey round's tickets keep
     * medical and co-governance busy after the last one is opened. The wait is reported, not counted in any phase.
     */
    private void settle(String phase) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(20);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.getOrDefault("kafka", "localhost:49092"));
        try (Admin admin = Admin.create(props)) {
            int quiet = 0;
            long lag = -1;
            while (quiet < 3) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("before the " + phase + " phase: the consumers still lag " + lag
                            + " records after 20 minutes");
                }
                Thread.sleep(2000);
                lag = lag(admin);
                quiet = lag == 0 ? quiet + 1 : 0;
            }
        }
        double waited = secs(t0);
        log("%s: every consumer group caught up after %.0f s", phase, waited);
        results.put("before " + phase + ": wait until every consumer group has read everything (not counted)",
                String.format("%.0f s", waited));
    }

    /** The records written to the broker and not yet read, over all consumer groups. */
    private static long lag(Admin admin) throws Exception {
        long lag = 0;
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            read.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            for (var e : read.entrySet()) {
                if (e.getValue() != null) {
                    lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                }
            }
        }
        return lag;
    }

    // ---------------------------------------------------------------- register

    private void register(int persons) throws Exception {
        CityRegister city = new CityRegister(20220101L, persons, 10, 10);
        Path work = Path.of(o.getOrDefault("work", ".devstack/bench-hotline"));
        Files.createDirectories(work);
        Path csv = work.resolve("city-register.csv");
        city.writeCsv(csv);
        String residents = o.getOrDefault("residents", "http://localhost:18081");
        String admin = Tokens.of("admin1");
        post(residents, admin, Map.of("code", CityRegister.CITY, "name", "西安市", "level", "city"));
        post(residents, admin, Map.of("code", CityRegister.DISTRICT, "name", "雁塔区", "level", "district",
                "parentCode", CityRegister.CITY));
        for (String community : city.communities()) {
            String street = community.substring(0, 9);
            post(residents, admin, Map.of("code", street, "name", "街道" + street.substring(6), "level", "street",
                    "parentCode", CityRegister.DISTRICT));
            post(residents, admin, Map.of("code", community, "name", "社区" + community.substring(9), "level", "community",
                    "parentCode", street));
        }
        long t0 = System.nanoTime();
        String boundary = "----lifeline" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"city.csv\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(residents + "/api/residents/imports"))
                .header("Authorization", "Bearer " + Tokens.of("district1"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(csv), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("import refused: " + accepted.statusCode() + " " + accepted.body());
        }
        String job = JSON.readTree(accepted.body()).get("id").asText();
        JsonNode state;
        do {
            Thread.sleep(1000);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(residents + "/api/residents/imports/" + job))
                    .header("Authorization", "Bearer " + Tokens.of("district1")).build(), HttpResponse.BodyHandlers.ofString());
            state = JSON.readTree(r.body());
        } while (!Set.of("done", "failed").contains(state.path("status").asText()));
        if (!"done".equals(state.path("status").asText())) {
            throw new IllegalStateException("import failed: " + state);
        }
        long expected = count(residentsJdbc, "SELECT count(*) FROM household");
        log("register: %,d persons imported, %,d households; waiting for the hotline's read model", persons, expected);
        long inHotline;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while ((inHotline = count(hotlineJdbc, "SELECT count(*) FROM household_rm")) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hotline's read model holds " + inHotline + " of " + expected + " households");
            }
            Thread.sleep(2000);
        }
        results.put("register: persons imported into residents (CSV), households in the hotline's read model",
                String.format("%,d persons, %,d households, %.0f s from upload to the read model complete", persons,
                        inHotline, secs(t0)));
    }

    private void post(String base, String token, Map<String, String> place) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/residents/places"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(place))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException("place " + place + ": " + r.statusCode() + " " + r.body());
        }
    }

    private List<Household> households() throws Exception {
        List<Household> list = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(hotlineJdbc, "postgres", "postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, code, place_path FROM household_rm WHERE place_path LIKE '/6101/%' ORDER BY id")) {
            while (rs.next()) {
                list.add(new Household((UUID) rs.getObject(1), rs.getString(2), rs.getString(3)));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalStateException("the hotline's read model holds no households (run the register phase)");
        }
        return list;
    }

    // ---------------------------------------------------------------- survey

    private void survey(List<Household> group) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.getOrDefault("kafka", "localhost:49092"));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        String round = UUID.randomUUID().toString();
        long before = count(hotlineJdbc, "SELECT count(*) FROM ticket");
        OffsetDateTime sentFrom;
        double publishSeconds;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            sentFrom = OffsetDateTime.now(ZoneOffset.UTC);
            long t0 = System.nanoTime();
            for (Household h : group) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("roundId", round);
                data.put("householdId", h.id().toString());
                data.put("householdCode", h.code());
                data.put("placePath", h.path());
                data.put("visited", true);
                data.put("notVisitedReason", null);
                data.put("present", 2);
                data.put("needs", List.of("有症状，需要健康随访"));
                data.put("needCodes", List.of("symptoms-follow-up"));
                data.put("suppliesNeeds", null);
                data.put("recordedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("specversion", "1.0");
                e.put("id", UUID.randomUUID().toString());
                e.put("source", "/lifeline/residents");
                e.put("type", "org.lifeline.residents.SurveyVisitRecorded.v1");
                e.put("subject", h.id().toString());
                e.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
                e.put("datacontenttype", "application/json");
                e.put("data", data);
                producer.send(new ProducerRecord<>("lifeline.residents.survey.v1", h.id().toString(), JSON.writeValueAsString(e)));
            }
            producer.flush();
            publishSeconds = secs(t0);
        }
        log("survey: %,d visits published in %.1f s", group.size(), publishSeconds);
        String countSql = "SELECT count(*) FROM ticket t WHERE t.opened_at >= '" + sentFrom.minusSeconds(1)
                + "' AND EXISTS (SELECT 1 FROM ticket_contact c WHERE c.opened_on = t.id AND c.channel = 'survey')";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(120, group.size() / 20));
        long opened;
        while ((opened = count(hotlineJdbc, countSql)) < group.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        double first;
        double last;
        try (Connection c = DriverManager.getConnection(hotlineJdbc, "postgres", "postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT extract(epoch FROM min(opened_at) - '" + sentFrom + "'::timestamptz), "
                        + "extract(epoch FROM max(opened_at) - '" + sentFrom + "'::timestamptz) FROM ticket t WHERE t.opened_at >= '"
                        + sentFrom.minusSeconds(1) + "' AND EXISTS (SELECT 1 FROM ticket_contact c WHERE c.opened_on = t.id "
                        + "AND c.channel = 'survey')")) {
            rs.next();
            first = rs.getDouble(1);
            last = rs.getDouble(2);
        }
        results.put("survey batch: SurveyVisitRecorded events published to Kafka (one household each, symptoms found)",
                String.format("%,d in %.1f s (%,.0f/s)", group.size(), publishSeconds, group.size() / publishSeconds));
        results.put("survey batch: tickets opened",
                String.format("%,d of %,d (tickets in the database before: %,d); first %.1f s, last %.1f s after the first "
                        + "event was sent", opened, group.size(), before, first, last));
        results.put("survey batch: tickets opened per second (first event sent → last ticket opened)",
                String.format("%,.0f tickets/s", opened / Math.max(last, 0.001)));
        log("survey: %,d tickets, the last %.1f s after the first event", opened, last);
    }

    // ---------------------------------------------------------------- surge

    /** One planned contact: which household and category, and whether it repeats a pair sent before. */
    record Planned(Household household, String category, boolean repeat) {
    }

    static List<Planned> plan(List<Household> group, int n, double repeats, double rate, long seed) {
        Random random = new Random(seed);
        List<int[]> universe = new ArrayList<>();
        for (int h = 0; h < group.size(); h++) {
            for (int c = 0; c < CATEGORIES.length; c++) {
                universe.add(new int[] { h, c });
            }
        }
        Collections.shuffle(universe, random);
        List<Planned> plan = new ArrayList<>(n);
        List<Integer> sentAt = new ArrayList<>(); // index in plan of each new pair, in order
        int next = 0;
        int lag = (int) Math.max(1, rate); // a repeat names a ticket opened at least a second earlier, when there is one
        int eligible = 0; // how many of the new pairs were sent at least lag contacts ago (grows with i)
        for (int i = 0; i < n; i++) {
            boolean repeat = Math.floor((i + 1) * repeats) > Math.floor(i * repeats) && !sentAt.isEmpty();
            if (repeat) {
                while (eligible < sentAt.size() && sentAt.get(eligible) <= i - lag) {
                    eligible++;
                }
                Planned first = plan.get(sentAt.get(random.nextInt(Math.max(1, eligible))));
                plan.add(new Planned(first.household(), first.category(), true));
            } else {
                int[] pair = universe.get(next++);
                sentAt.add(i);
                plan.add(new Planned(group.get(pair[0]), CATEGORIES[pair[1]], false));
            }
        }
        return plan;
    }

    private void surge(List<Household> warmupGroup, List<Household> group, int contacts, double rate, double repeats,
            int warmupSeconds, String operator) throws Exception {
        int baseline = integer("baseline", 60);
        double otherRate = decimal("other-rate", 1);
        List<Other> others = List.of(
                new Other("residents", "/api/residents/households?size=10", "staff1", otherRate),
                new Other("testing", "/api/testing/campaigns", "street1", otherRate),
                new Other("supplies", "/api/supplies/orders", "resident1", otherRate),
                new Other("cogovernance", "/api/cogovernance/tasks?status=open", "volunteer1", otherRate),
                new Other("medical", "/api/medical/requests?open=true", "health1", Math.min(otherRate, 0.25)));
        List<Planned> warm = plan(warmupGroup, (int) (warmupSeconds * rate), repeats, rate, 1L);
        List<Planned> plan = plan(group, contacts, repeats, rate, 2L);
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicLong inFlight = new AtomicLong();
        long period = (long) (1e9 / rate);
        long surgeSeconds = (long) Math.ceil(contacts / rate);
        // the other routes first warm up alone (their first requests after a service starts are its JIT and pools,
        // seconds slow: a baseline holding them would make any surge look like an improvement), then the baseline
        int othersWarmup = integer("others-warmup", 30);
        long total = othersWarmup + baseline + warmupSeconds + surgeSeconds;
        long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long baselineStart = start + TimeUnit.SECONDS.toNanos(othersWarmup);
        long hotlineStart = baselineStart + TimeUnit.SECONDS.toNanos(baseline);
        long surgeStart = hotlineStart + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = start + TimeUnit.SECONDS.toNanos(total);
        log("surge: %d s warm-up and %d s baseline (other routes only), %d s warm-up at %.0f contacts/s, then %,d contacts "
                + "(%.0f %% repeats) in %d s", othersWarmup, baseline, warmupSeconds, rate, contacts, repeats * 100, surgeSeconds);
        List<Thread> senders = new ArrayList<>();
        for (Other other : others) {
            senders.add(started("other-" + other.route(), () -> {
                long step = (long) (1e9 / other.rate());
                for (long t = start; t < end; t += step) {
                    LockSupport.parkNanos(t - System.nanoTime());
                    String phase = t < baselineStart ? "others-warm-up" : t < hotlineStart ? "baseline"
                            : t < surgeStart ? "warm-up" : "surge";
                    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + other.path()))
                            .header("Authorization", "Bearer " + tokens.get(other.user())).timeout(Duration.ofSeconds(30)).build();
                    send(request, t, phase, other.route(), false, answers, inFlight);
                }
            }));
        }
        senders.add(started("contacts", () -> {
            long t = hotlineStart;
            int i = 0;
            for (Planned p : warm) {
                contact(p, "warm-up", "bench " + run + " warm-up #" + i++, t, operator, answers, inFlight);
                t += period;
            }
            t = surgeStart;
            i = 0;
            for (Planned p : plan) {
                contact(p, "surge", "bench " + run + " #" + i++, t, operator, answers, inFlight);
                t += period;
            }
        }));
        for (Thread s : senders) {
            s.join();
        }
        long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inFlight.get() > 0 && System.nanoTime() < wait) {
            Thread.sleep(100);
        }
        Thread.sleep(2000);
        List<Answer> all;
        synchronized (answers) {
            all = new ArrayList<>(answers);
        }
        surgeResults(all, plan, contacts, rate, repeats, warm.size(), others);
    }

    private static Thread started(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    private void contact(Planned p, String phase, String text, long at, String operator, List<Answer> answers,
            AtomicLong inFlight) {
        LockSupport.parkNanos(at - System.nanoTime());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("householdId", p.household().id().toString());
        body.put("category", p.category());
        body.put("urgency", "general");
        body.put("channel", "phone-12345");
        body.put("text", text);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/hotline/contacts"))
                    .header("Authorization", "Bearer " + tokens.get(operator)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            send(request, at, phase, "hotline", p.repeat(), answers, inFlight);
        } catch (Exception e) {
            answers.add(new Answer(phase, "hotline", 0, Double.NaN, false, p.repeat()));
        }
    }

    private static void send(HttpRequest request, long plannedAt, String phase, String route, boolean repeat,
            List<Answer> answers, AtomicLong inFlight) {
        inFlight.incrementAndGet();
        HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            double ms = (System.nanoTime() - plannedAt) / 1e6;
            if (e != null) {
                answers.add(new Answer(phase, route, 0, ms, false, repeat));
            } else {
                answers.add(new Answer(phase, route, r.statusCode(), ms, r.body().contains("\"merged\":true"), repeat));
            }
            inFlight.decrementAndGet();
        });
    }

    private void surgeResults(List<Answer> all, List<Planned> plan, int contacts, double rate, double repeats, int warm,
            List<Other> others) throws Exception {
        List<Answer> intake = all.stream().filter(a -> a.route().equals("hotline") && a.phase().equals("surge")).toList();
        long ok = intake.stream().filter(a -> a.status() == 200 || a.status() == 201).count();
        long created = intake.stream().filter(a -> a.status() == 201).count();
        long repeatsSent = intake.stream().filter(Answer::repeat).count();
        long repeatsMerged = intake.stream().filter(a -> a.repeat() && a.merged() && a.status() == 200).count();
        long newMerged = intake.stream().filter(a -> !a.repeat() && a.merged()).count();
        long tooMany = intake.stream().filter(a -> a.status() == 429).count();
        long errors = intake.size() - ok;
        long newPairs = plan.stream().filter(p -> !p.repeat()).count();
        double[] ms = intake.stream().filter(a -> a.status() == 200 || a.status() == 201).mapToDouble(Answer::millis).sorted().toArray();
        results.put("hotline surge: contacts sent through the gateway (POST /api/hotline/contacts, operator, open model)",
                String.format("%,d at %.0f/s over %.0f s (%.0f %% repeats of tickets opened earlier: %,d), after %,d warm-up "
                        + "contacts (not counted)", intake.size(), rate, contacts / rate, repeats * 100, repeatsSent, warm));
        java.util.TreeMap<Integer, Long> byStatus = new java.util.TreeMap<>();
        intake.stream().filter(a -> a.status() != 200 && a.status() != 201)
                .forEach(a -> byStatus.merge(a.status(), 1L, Long::sum));
        long refusedRepeats = intake.stream().filter(a -> a.repeat() && a.status() != 200 && a.status() != 201).count();
        results.put("hotline surge: answers", String.format("%,d accepted (%,d 201 opened, %,d 200 merged), %,d refused with 429, "
                + "%,d other errors or no answer%s", ok, created, ok - created, tooMany, errors - tooMany,
                byStatus.isEmpty() ? "" : " (by status, 0 = no answer: " + byStatus.entrySet().stream()
                        .map(e -> e.getKey() + " ×" + String.format("%,d", e.getValue()))
                        .collect(java.util.stream.Collectors.joining(", ")) + String.format("; of them repeats: %,d)",
                                refusedRepeats)));
        if (ms.length > 0) {
            results.put("hotline surge: intake latency (accepted contacts, from each one's planned send time)",
                    String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", pct(ms, 50), pct(ms, 95), pct(ms, 99),
                            ms[ms.length - 1]));
        }
        results.put("hotline surge: repeats merged (answers)", String.format("%,d of %,d repeats answered 200 merged "
                + "(%.1f %%); first contacts answered merged: %,d", repeatsMerged, repeatsSent,
                100.0 * repeatsMerged / Math.max(1, repeatsSent), newMerged));
        String marker = "bench " + run + " #%";
        long rows = count(hotlineJdbc, "SELECT count(*) FROM ticket_contact WHERE text LIKE '" + marker + "'");
        long tickets = count(hotlineJdbc, "SELECT count(DISTINCT ticket_id) FROM ticket_contact WHERE text LIKE '" + marker + "'");
        long counted = count(hotlineJdbc, "SELECT coalesce(sum(contacts_count), 0) FROM ticket WHERE id IN "
                + "(SELECT ticket_id FROM ticket_contact WHERE text LIKE '" + marker + "')");
        long doubles = count(hotlineJdbc, "SELECT count(*) FROM (SELECT household_id, category FROM ticket WHERE id IN "
                + "(SELECT ticket_id FROM ticket_contact WHERE text LIKE '" + marker + "') GROUP BY household_id, category "
                + "HAVING count(*) > 1) d");
        long mergedInDb = rows - tickets;
        results.put("hotline surge: in the database", String.format("%,d contact rows on %,d tickets for %,d distinct (household, "
                + "category) pairs sent; contacts_count of those tickets sums to %,d; pairs with more than one ticket: %,d",
                rows, tickets, newPairs, counted, doubles));
        results.put("hotline surge: repeats merged (database: contact rows − tickets, of the repeats sent)",
                String.format("%,d of %,d (%.1f %%)", mergedInDb, repeatsSent, 100.0 * mergedInDb / Math.max(1, repeatsSent)));
        results.put("hotline surge: contacts lost (accepted but no row)", String.format("%,d of %,d accepted (rows without "
                + "an accepted answer: %,d)", Math.max(0, ok - rows), ok, Math.max(0, rows - ok)));
        StringBuilder p99s = new StringBuilder();
        int held = 0;
        int compared = 0;
        for (Other other : others) {
            double[] base = latencies(all, "baseline", other.route());
            double[] during = latencies(all, "surge", other.route());
            long bad = all.stream().filter(a -> a.route().equals(other.route()) && (a.status() == 0 || a.status() >= 500)).count();
            long refused = all.stream().filter(a -> a.route().equals(other.route()) && a.status() == 429).count();
            results.put("other route during the surge: " + other.route() + " (" + other.user() + ", GET " + other.path() + ")",
                    String.format("baseline p50 %.0f ms, p99 %.0f ms (%d requests); surge p50 %.0f ms, p99 %.0f ms (%d requests); "
                            + "5xx or no answer %d, 429 %d", pct(base, 50), pct(base, 99), base.length, pct(during, 50),
                            pct(during, 99), during.length, bad, refused));
            if (base.length > 0 && during.length > 0) {
                compared++;
                boolean unchanged = pct(during, 99) <= pct(base, 99) + Math.max(0.2 * pct(base, 99), 5);
                held += unchanged ? 1 : 0;
                p99s.append(p99s.isEmpty() ? "" : ", ").append(String.format("%s %.0f → %.0f ms", other.route(),
                        pct(base, 99), pct(during, 99)));
            }
        }
        results.put("other routes' p99, baseline → surge", String.format("%s; unchanged (within 20 %% or 5 ms): %d of %d",
                p99s, held, compared));
    }

    private static double[] latencies(List<Answer> all, String phase, String route) {
        return all.stream().filter(a -> a.phase().equals(phase) && a.route().equals(route) && a.status() >= 200
                && a.status() < 300).mapToDouble(Answer::millis).sorted().toArray();
    }

    // ---------------------------------------------------------------- escalation

    private void escalation(List<Household> group, int n) throws Exception {
        int window = integer("window", 60);
        int lead = integer("lead", 15);
        String by = "bench-escalation-" + run;
        try (Connection c = DriverManager.getConnection(hotlineJdbc + "?reWriteBatchedInserts=true", "postgres", "postgres")) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ticket (id, household_id, household_code, place_path, "
                    + "category, urgency, status, level, level_code, opened_by, opened_at, first_response_due, resolve_due, "
                    + "contacts_count, updated_at) VALUES (?, ?, ?, ?, ?, 'general', 'open', 'community', ?, ?, now(), "
                    + "now() + make_interval(secs => ?), now() + interval '7 days', 1, now())")) {
                for (int i = 0; i < n; i++) {
                    Household h = group.get(i / CATEGORIES.length);
                    s.setObject(1, UUID.randomUUID());
                    s.setObject(2, h.id());
                    s.setString(3, h.code());
                    s.setString(4, h.path());
                    s.setString(5, CATEGORIES[i % CATEGORIES.length]);
                    s.setString(6, h.path().split("/")[4]);
                    s.setString(7, by);
                    s.setDouble(8, lead + (double) window * i / n);
                    s.addBatch();
                    if (i % 1000 == 999) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                // what TicketChanges.schedule writes for an open ticket at the community: its one platform deadline
                s.executeUpdate("INSERT INTO deadline (kind, subject, due_at, next_attempt_at) SELECT 'hotline.ticket', "
                        + "id || '@community', first_response_due, first_response_due FROM ticket WHERE opened_by = '" + by + "'");
                s.execute("CREATE TEMP TABLE bench_due AS SELECT id, first_response_due AS due FROM ticket WHERE opened_by = '" + by + "'");
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE ticket");
                s.execute("ANALYZE deadline");
            }
            log("escalation: %,d open tickets with deadlines from %d s over %d s written in %.1f s", n, lead, window, secs(t0));
            String escalated = "SELECT count(DISTINCT d.id) FROM bench_due d JOIN ticket_timeline tl ON tl.ticket_id = d.id "
                    + "AND tl.kind = 'escalated'";
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(lead + window + 120L);
            long done = 0;
            while (System.nanoTime() < until) {
                Thread.sleep(2000);
                done = count(c, escalated);
                if (done >= n) {
                    break;
                }
            }
            List<Double> delays = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT extract(epoch FROM min(tl.at) - d.due) "
                    + "FROM bench_due d JOIN ticket_timeline tl ON tl.ticket_id = d.id AND tl.kind = 'escalated' GROUP BY d.id, d.due ORDER BY 1")) {
                while (rs.next()) {
                    delays.add(rs.getDouble(1));
                }
            }
            long twice = count(c, "SELECT count(*) FROM (SELECT d.id FROM bench_due d JOIN ticket_timeline tl ON tl.ticket_id = d.id "
                    + "AND tl.kind = 'escalated' AND tl.level = 'street' GROUP BY d.id HAVING count(*) > 1) x");
            long events = count(c, "SELECT count(*) FROM outbox WHERE event_type LIKE '%TicketEscalated%' AND event_key IN "
                    + "(SELECT id::text FROM bench_due)");
            results.put("escalation: open tickets, first-response deadlines evenly over the window",
                    String.format("%,d over %d s (%,.0f deadlines/s), the first %d s after they were written", n, window,
                            n / (double) window, lead));
            results.put("escalation: escalated (community → street)", String.format("%,d of %,d; escalated twice: %d; "
                    + "TicketEscalated in the outbox: %,d", done, n, twice, events));
            if (!delays.isEmpty()) {
                double[] d = delays.stream().mapToDouble(x -> x * 1000).toArray();
                results.put("escalation: delay deadline → escalation on the timeline", String.format("p50 %.0f ms, p90 %.0f ms, "
                        + "p99 %.0f ms, max %.0f ms", pct(d, 50), pct(d, 90), pct(d, 99), d[d.length - 1]));
            }
        }
    }

    // ---------------------------------------------------------------- screen

    private void screen(List<Household> all, int stored, String operator) throws Exception {
        long before = count(hotlineJdbc, "SELECT count(*) FROM ticket");
        long add = Math.max(0, stored - before);
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(hotlineJdbc, "postgres", "postgres"); Statement s = c.createStatement()) {
            // closed tickets of the past two years, spread evenly over the register's households, each with its contact
            // and its timeline's first and last steps, as the service would have written them
            String by = "bench-stored-" + run;
            s.execute("CREATE TEMP TABLE bench_hh AS SELECT id, code, place_path, (row_number() OVER (ORDER BY id) - 1) AS n "
                    + "FROM household_rm WHERE place_path LIKE '/6101/%'");
            s.execute("CREATE INDEX ON bench_hh (n)");
            long households = count(c, "SELECT count(*) FROM bench_hh");
            s.executeUpdate("INSERT INTO ticket (id, household_id, household_code, place_path, category, urgency, status, level, "
                    + "level_code, opened_by, opened_at, first_response_due, resolve_due, first_response_at, responded_on_time, "
                    + "resolved_at, resolved_on_time, resolution, contacts_count, updated_at) "
                    + "SELECT gen_random_uuid(), h.id, h.code, h.place_path, (ARRAY['supplies','medical','testing','care',"
                    + "'housing-utilities','other'])[1 + g % 6], 'general', 'closed', 'community', split_part(h.place_path, '/', 5), "
                    + "'" + by + "', now() - make_interval(days => 1 + g % 700, secs => g % 86400), "
                    + "now() - make_interval(days => g % 700, secs => g % 86400), now() - make_interval(days => g % 700 - 6, secs => g % 86400), "
                    + "now() - make_interval(days => 1 + g % 700, secs => g % 86400 - 3600), true, "
                    + "now() - make_interval(days => g % 700, secs => g % 86400), true, '已办结', 1, now() "
                    + "FROM generate_series(0, " + (add - 1) + ") g JOIN bench_hh h ON h.n = g % " + households);
            s.executeUpdate("INSERT INTO ticket_contact (ticket_id, opened_on, channel, at, text, recorded_by) "
                    + "SELECT id, id, 'phone-12345', opened_at, '历史来电', '" + by + "' FROM ticket WHERE opened_by = '" + by + "'");
            s.executeUpdate("INSERT INTO ticket_timeline (ticket_id, at, kind, level, actor, note) "
                    + "SELECT id, opened_at, 'opened', 'community', '" + by + "', NULL FROM ticket WHERE opened_by = '" + by + "' "
                    + "UNION ALL SELECT id, resolved_at, 'resolved', 'community', '" + by + "', resolution FROM ticket "
                    + "WHERE opened_by = '" + by + "'");
            s.execute("VACUUM ANALYZE ticket");
            s.execute("VACUUM ANALYZE ticket_contact");
            s.execute("VACUUM ANALYZE ticket_timeline");
        }
        long now = count(hotlineJdbc, "SELECT count(*) FROM ticket");
        results.put("operator screen: tickets stored", String.format("%,d (%,d written with SQL in %.0f s, closed, each with a "
                + "contact and two timeline steps, spread over the households; VACUUM ANALYZE after)", now, add, secs(t0)));
        log("screen: %,d tickets stored", now);
        Random random = new Random(9);
        List<Household> sample = new ArrayList<>(all);
        Collections.shuffle(sample, random);
        // households with open tickets (the surge's) answer with tickets; the others with an empty list
        measure("operator screen: the household's open tickets (GET /api/hotline/households/{id}/tickets, the overview's part)",
                () -> "/api/hotline/households/" + sample.get(random.nextInt(sample.size())).id() + "/tickets", operator);
        measure("operator screen: the household overview, all parts (GET /api/households/{id}/overview)",
                () -> "/api/households/" + sample.get(random.nextInt(sample.size())).id() + "/overview", operator);
        measure("operator screen: the ticket queue, first page (GET /api/hotline/tickets?status=open&size=20)",
                () -> "/api/hotline/tickets?status=open&size=20", operator);
        int probe = status("/api/hotline/lookup?q=0101", operator);
        if (probe == 404 || probe == 405) {
            notes.add("`GET /api/hotline/lookup?q=` answered " + probe + " (not built on this commit): the household lookup "
                    + "was timed through the residents search the operator's screen uses, `GET /api/residents/persons?q=`.");
        } else {
            targets.put("operator screen: household lookup, last 4 digits of a phone or ID (GET /api/hotline/lookup?q=)",
                    "p95 <= 200 ms");
            measure("operator screen: household lookup, last 4 digits of a phone or ID (GET /api/hotline/lookup?q=)",
                    () -> "/api/hotline/lookup?q=" + String.format("%04d", random.nextInt(10_000)), operator);
        }
        String residentsLookup = "operator screen: household lookup through the residents search, last 4 digits of a phone "
                + "or ID, the whole city (GET /api/residents/persons?q=)";
        targets.put(residentsLookup, probe == 404 || probe == 405 ? "p95 <= 200 ms" : "-");
        measure(residentsLookup,
                () -> "/api/residents/persons?q=" + String.format("%04d", random.nextInt(10_000)), operator);
    }

    private int status(String path, String user) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + tokens.get(user))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Sequential GETs through the gateway as the user: 50 to warm up, then 300 timed. */
    private void measure(String what, java.util.function.Supplier<String> path, String user) throws Exception {
        for (int i = 0; i < 50; i++) {
            status(path.get(), user);
        }
        int n = 300;
        double[] ms = new double[n];
        int failed = 0;
        int lastFailure = 0;
        for (int i = 0; i < n; i++) {
            String p = path.get();
            long t0 = System.nanoTime();
            int code = status(p, user);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (code != 200) {
                failed++;
                lastFailure = code;
            }
        }
        Arrays.sort(ms);
        String line = String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d requests%s)", pct(ms, 50), pct(ms, 95),
                pct(ms, 99), n, failed == 0 ? "" : String.format(", %d not 200, e.g. %d", failed, lastFailure));
        results.put(what, line);
        log("%s: %s", what, line);
    }

    // ---------------------------------------------------------------- helpers

    private static long count(String jdbc, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            return count(c, sql);
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%tT " + format + "%n", prepend(new java.util.Date(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void write(Path out) throws Exception {
        StringBuilder md = new StringBuilder("# Hotline: surge, survey batch, operator screen, escalation\n\n"
                + "| measure | target (issue 20) | result |\n| --- | --- | --- |\n");
        results.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(targets.getOrDefault(k, "-")).append(" | ")
                .append(v).append(" |\n"));
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println(md);
    }
}
