package org.lifeline.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server started as an operating-system process, with its output in a log file and its pid in
 * a pid file, so that a later {@code lifeline down} can stop it even when the process that started
 * it is gone.
 */
public final class ServerProcess {

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ServerProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    public static ServerProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
            Path logFile, Path pidFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            // what the harnesses start is the local stack: services may run on local keys (ProductionSecrets);
            // a test of the production refusal passes LIFELINE_LOCAL_STACK=false itself
            builder.environment().put("LIFELINE_LOCAL_STACK", "true");
            builder.environment().putAll(env);
            Process process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            return new ServerProcess(name, process, logFile, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code ready} holds; fails early, with the log's tail, if the process dies. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log " + logFile
                        + ":\n" + tail(logFile, 40));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(250);
        }
        stop();
        throw new IllegalStateException(name + " not ready after " + timeout + "; log " + logFile + ":\n"
                + tail(logFile, 40));
    }

    /** Stops the process and its children (SIGTERM, then SIGKILL after 20 s). */
    public void stop() {
        stopTree(process.toHandle(), Duration.ofSeconds(20));
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is harmless: lifeline down checks that the pid still runs
        }
    }

    /** Kills the process without letting it clean up, as a crash would. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void stopTree(ProcessHandle handle, Duration grace) {
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroy();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && (handle.isAlive() || children.stream().anyMatch(ProcessHandle::isAlive))) {
            sleep(100);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
    }

    public static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static boolean httpOk(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Where a Quarkus application started with {@code env} answers {@code /q/health/ready}: on its management port
     * when {@code QUARKUS_MANAGEMENT_PORT} is set (the gateway keeps health off its public port), else on its HTTP port.
     */
    public static String readinessUrl(Map<String, String> env, int httpPort) {
        return "http://localhost:" + env.getOrDefault("QUARKUS_MANAGEMENT_PORT", Integer.toString(httpPort))
                + "/q/health/ready";
    }

    public static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
