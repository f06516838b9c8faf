package org.lifeline.browser;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium and chromedriver (installed here when missing: {@code apt-get install -y chromium
 * chromium-driver fonts-wqy-microhei}, as root, once), driven headless by Selenium with the driver path given explicitly so
 * Selenium Manager never goes to the network.
 */
final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** A Chinese font (Debian's fonts-wqy-microhei), or zh-CN pages and screenshots show empty boxes. */
    static final Path CJK_FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

    private Browser() {
    }

    /** Installs Debian's chromium, chromium-driver and a Chinese font unless they are there (idempotent). */
    static synchronized void ensureInstalled() {
        if (installed()) {
            return;
        }
        run(List.of("apt-get", "update"));
        run(List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver", "fonts-wqy-microhei"));
        if (!installed()) {
            throw new IllegalStateException("chromium, chromedriver or the Chinese font still missing after apt-get install");
        }
    }

    private static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) && Files.exists(CJK_FONT);
    }

    private static void run(List<String> command) {
        try {
            Path log = Files.createTempFile("apt-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (run as root?):\n"
                        + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command + " to install the browser", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A headless Chromium in zh-CN (the portal's default language), at the given window size. */
    static ChromeDriver start(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=zh-CN", "--window-size=" + width + "," + height, "--hide-scrollbars",
                "--force-device-scale-factor=1");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withEnvironment(Map.of("TZ", "Asia/Shanghai")) // times as a resident in Xi'an sees them
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    /** Saves the whole page (the window grown to the page's height) at the given width as a PNG. */
    static void screenshot(ChromeDriver driver, int width, Path file) {
        try {
            Files.createDirectories(file.getParent());
            driver.manage().window().setSize(new Dimension(width, 800));
            // the window is the page's height plus the window's own frame (outer minus inner height)
            long height = ((Number) ((JavascriptExecutor) driver).executeScript(
                    "return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))"
                            + " + Math.max(0, window.outerHeight - window.innerHeight);")).longValue();
            driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 4000)));
            ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
