package org.lifeline.platform.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout every Lifeline service follows (docs/architecture.md, "One layout"), as ArchUnit rules over a
 * service's own classes, {@code org.lifeline.<service>}:
 * <ul>
 *   <li>only these packages: {@code rest} (HTTP), {@code service} (use cases, transactions, consumers that apply
 *       a use case), {@code repository} (all SQL and Panache), {@code model} (entities, domain values),
 *       {@code api} (request and response records), {@code event} (the types published, with their
 *       {@code EventType}; a consumer's own records), {@code client} (outgoing calls), {@code mapping},
 *       {@code config};</li>
 *   <li>{@code rest} holds no SQL and no transaction, and does not reach a repository;</li>
 *   <li>SQL is run only in {@code repository}: no statement, result set or Panache query elsewhere;</li>
 *   <li>nothing depends on {@code rest}; {@code repository} not on {@code service};
 *       {@code model}, {@code api}, {@code event} and {@code config} on none of {@code service},
 *       {@code repository}, {@code client};</li>
 *   <li>no cycles between the packages;</li>
 *   <li>no text for people written in place ({@code Message.of}): they are in the service's message bundle.</li>
 * </ul>
 */
public final class ServiceLayout {

    public static final Set<String> PACKAGES = Set.of("rest", "service", "repository", "model", "api", "event", "client",
            "mapping", "config");

    private static final String[] SQL_AND_TRANSACTIONS = { "java.sql..", "javax.sql..", "io.agroal..",
            "io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..", "org.hibernate..", "jakarta.persistence..",
            "io.quarkus.hibernate..", "io.quarkus.narayana..", "jakarta.transaction.." };

    private static final Set<String> SQL_RUNNERS = Set.of("java.sql.Statement", "java.sql.PreparedStatement",
            "java.sql.CallableStatement", "java.sql.ResultSet");

    /** Panache calls that open a session or a transaction, not a query: allowed in {@code service}. */
    private static final Set<String> PANACHE_SCOPES = Set.of("withTransaction", "withSession", "currentTransaction");

    private final String base;
    private final JavaClasses classes;

    private ServiceLayout(String base, JavaClasses classes) {
        this.base = base;
        this.classes = classes;
    }

    /** The service's main classes (test classes left out). */
    public static ServiceLayout of(String basePackage) {
        return of(basePackage, ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
    }

    static ServiceLayout of(String basePackage, ImportOption which) {
        JavaClasses imported = new ClassFileImporter().withImportOption(which)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(basePackage);
        if (imported.isEmpty()) {
            throw new IllegalStateException("no classes under " + basePackage);
        }
        return new ServiceLayout(basePackage, imported);
    }

    /** Every rule, each with what breaks it; an empty list when the service follows the layout. */
    public List<String> violations() {
        List<String> found = new ArrayList<>();
        for (ArchRule rule : rules()) {
            EvaluationResult result = rule.allowEmptyShould(true).evaluate(classes);
            if (result.hasViolation()) {
                found.add(rule.getDescription() + ":\n  " + String.join("\n  ", result.getFailureReport().getDetails()));
            }
        }
        return found;
    }

    /** Fails with every violation, for a test. */
    public void check() {
        List<String> found = violations();
        if (!found.isEmpty()) {
            throw new AssertionError("The service does not follow the layout of docs/architecture.md:\n"
                    + String.join("\n", found));
        }
    }

    List<ArchRule> rules() {
        String p = base + ".";
        return List.of(
                classes().should(resideInLayoutPackage()).as("classes live in " + new java.util.TreeSet<>(PACKAGES) + " under " + base),
                noClasses().that().resideInAPackage(p + "rest..").should().dependOnClassesThat()
                        .resideInAnyPackage(SQL_AND_TRANSACTIONS).as("rest holds no SQL and no transaction"),
                noClasses().that().resideInAPackage(p + "rest..").should().dependOnClassesThat()
                        .resideInAPackage(p + "repository..").as("rest does not reach a repository"),
                classes().that().resideOutsideOfPackage(p + "repository..").should(notRunSql())
                        .as("SQL runs only in repository"),
                noClasses().that().resideOutsideOfPackage(p + "rest..").should().dependOnClassesThat()
                        .resideInAPackage(p + "rest..").as("nothing depends on rest"),
                noClasses().that().resideInAPackage(p + "repository..").should().dependOnClassesThat()
                        .resideInAPackage(p + "service..").as("repository does not depend on service"),
                noClasses().that().resideInAnyPackage(p + "model..", p + "api..", p + "event..", p + "config..")
                        .should().dependOnClassesThat().resideInAnyPackage(p + "service..", p + "repository..", p + "client..")
                        .as("model, api, event and config do not depend on service, repository or client"),
                slices().matching(base + ".(*)..").should().beFreeOfCycles().as("no cycles between the packages"),
                noClasses().should().callMethod("org.lifeline.platform.problem.Message", "of", "java.lang.String", "java.lang.String")
                        .as("texts for people come from the service's message bundle (Message.key), not written in place"));
    }

    private ArchCondition<JavaClass> resideInLayoutPackage() {
        return new ArchCondition<>("reside in a layout package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String pkg = item.getPackageName();
                String rest = pkg.startsWith(base + ".") ? pkg.substring(base.length() + 1) : "";
                String top = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                if (!PACKAGES.contains(top)) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " is in " + pkg));
                }
            }
        };
    }

    /** Uses a JDBC statement or result set, or calls a Panache query (directly or through an entity). */
    private static ArchCondition<JavaClass> notRunSql() {
        return new ArchCondition<>("not run SQL") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                item.getDirectDependenciesFromSelf().stream()
                        .filter(d -> SQL_RUNNERS.contains(d.getTargetClass().getName()))
                        .forEach(d -> events.add(SimpleConditionEvent.violated(item, d.getDescription())));
                for (JavaMethodCall call : item.getMethodCallsFromSelf()) {
                    if (panacheQuery(call)) {
                        events.add(SimpleConditionEvent.violated(item, call.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean panacheQuery(JavaMethodCall call) {
        if (PANACHE_SCOPES.contains(call.getName())) {
            return false;
        }
        if (inPanache(call.getTargetOwner())) {
            return true;
        }
        Optional<? extends JavaCodeUnit> declared = call.getTarget().resolveMember();
        return declared.isPresent() && inPanache(declared.get().getOwner());
    }

    private static boolean inPanache(JavaClass owner) {
        String name = owner.getPackageName();
        return name.startsWith("io.quarkus.hibernate.") && name.contains(".panache");
    }

}
