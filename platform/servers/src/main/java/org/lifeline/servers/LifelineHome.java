package org.lifeline.servers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the root of the Lifeline checkout, where the realm file and the downloaded server
 * distributions ({@code .devstack/dist}) live.
 *
 * <p>Order: system property {@code lifeline.root}, environment variable {@code LIFELINE_ROOT}, then the
 * nearest parent of the working directory that holds {@code identity/lifeline-realm.json}.
 */
public final class LifelineHome {

    public static final String REALM_FILE = "identity/lifeline-realm.json";

    private LifelineHome() {
    }

    public static Path root() {
        String configured = System.getProperty("lifeline.root");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("LIFELINE_ROOT");
        }
        if (configured != null && !configured.isBlank() && Files.exists(Path.of(configured).resolve(REALM_FILE))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(REALM_FILE))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Lifeline checkout (a directory with " + REALM_FILE
                + "); set LIFELINE_ROOT");
    }

    public static Path realmFile() {
        return root().resolve(REALM_FILE);
    }

    /** Where the build unpacked Keycloak and Kafka (see platform/servers-dist). */
    public static Path distDir() {
        return root().resolve(".devstack/dist");
    }

    /**
     * Where a test writes a document it generates (screenshots, the fuzz report): under {@code docs/} itself
     * when run with {@code -Dlifeline.docs.write=true}, to be committed; else under {@code .devstack/generated-docs/}
     * (ignored by git), so that a test run leaves the checkout as it found it.
     */
    public static Path generatedDoc(String docsRelative) {
        Path base = Boolean.getBoolean("lifeline.docs.write") ? root().resolve("docs")
                : root().resolve(".devstack/generated-docs");
        return base.resolve(docsRelative);
    }

    public static Path requireDist(String name) {
        Path dir = distDir().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: build platform/servers-dist first ("
                    + "./mvnw -pl platform/servers-dist generate-resources), or run ./lifeline up / ./lifeline test");
        }
        return dir;
    }
}
