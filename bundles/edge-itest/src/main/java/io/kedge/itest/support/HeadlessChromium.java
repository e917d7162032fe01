package io.kedge.itest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium in headless mode, for checks of what a browser builds from a console page.
 * For {@link #dumpDom} the console's Basic credentials go in the URL: Chromium 150 answers the
 * console's 401 challenge with them (and loads the page's resources with them). A page kept open
 * ({@link #open}) gets them as a header through the DevTools protocol instead: with credentials in
 * the URL its script's refresh never showed a new value here.
 */
public final class HeadlessChromium {
    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** The installed chromium; skips the calling test with a clear message when there is none. */
    public static HeadlessChromium orSkip() {
        Optional<Path> found = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(found.isPresent(),
                "chromium is not installed (Debian: apt-get install --no-install-recommends chromium, as scripts/setup-debian.sh does)");
        return new HeadlessChromium(found.get());
    }

    /**
     * {@code url} open in the browser with its scripts running, to be read while it refreshes
     * itself; close it to end the browser.
     */
    public BrowserPage open(String url, String user, String password) throws Exception {
        Path profile = Files.createTempDirectory("kedge-chromium");
        Process browser = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BrowserPage page = BrowserPage.open(browser);
        try {
            page.navigate(url, user, password);
            return page;
        } catch (RuntimeException | AssertionError e) {
            page.close();
            throw e;
        }
    }

    /**
     * The DOM the browser holds once {@code url} loaded (its scripts ran up to the load event), as HTML.
     * Fresh profile per call; killed after a minute.
     */
    public String dumpDom(String url, String user, String password) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("kedge-chromium");
        String withCredentials = url.replaceFirst("^http://", "http://" + user + ":" + password + "@");
        Process browser = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--dump-dom", withCredentials)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!browser.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not end within a minute");
            }
            return dom;
        } finally {
            browser.destroyForcibly();
        }
    }
}
