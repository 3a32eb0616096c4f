package dev.hookcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import jakarta.json.JsonObject;

/**
 * The console in a real browser: Debian's Chromium, headless, driven through
 * {@code /usr/bin/chromedriver}. Logs in, watches a hook arrive in the live tail and the table,
 * searches by channel and by text, opens the detail, replays to a WebSocket subscriber, kicks it
 * (1008), verifies the chain and purges; a screenshot of each page goes to
 * {@code target/screenshots/}. Skipped, naming what is missing, when Chromium or its driver is
 * not installed, unless {@code hookcast.requireServices=true}.
 */
class ConsoleIT extends AgainstDeployment {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private WebDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(executable)) {
                missing.add(executable.toString());
            }
        }
        if (!missing.isEmpty()) {
            String message = "ConsoleIT needs " + String.join(" and ", missing)
                    + " (apt-get install -y chromium chromium-driver)";
            if (Boolean.getBoolean("hookcast.requireServices")) {
                fail(message);
            }
            Assumptions.abort(message + ": skipped");
        }
        profile = Files.createTempDirectory("hookcast-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void open(String route) {
        browser.get(hookcast.uri("admin/").toString() + "#/" + route);
    }

    private WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void waitForText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private void search(String channel, String text) {
        WebElement channelField = visible(By.id("filter-channel"));
        channelField.clear();
        channelField.sendKeys(channel);
        WebElement q = browser.findElement(By.id("filter-q"));
        q.clear();
        q.sendKeys(text);
        browser.findElement(By.id("search")).click();
    }

    /** The ids of the hooks the table shows, once it shows exactly {@code expected}. */
    private void waitForRows(List<Long> expected) {
        List<String> ids = expected.stream().map(String::valueOf).toList();
        wait.withMessage(() -> "hook table rows " + rowIds() + ", expected " + ids)
                .until(driver -> rowIds().equals(ids));
    }

    private List<String> rowIds() {
        return browser.findElements(By.cssSelector("#hooks-table tbody tr")).stream()
                .map(row -> row.getAttribute("data-id")).toList();
    }

    @Test
    void anEventSourceReconnectsAfterTheServerDropsItAndMissesNothing() throws Exception {
        String channel = Hookcast.uniqueChannel("eventsource");
        List<String> expected = new ArrayList<>();
        expected.add(String.valueOf(hookcast.postJson(channel, "{\"n\":1}")));
        // any page of the server will do: the EventSource is same-origin
        browser.get(hookcast.uri("admin/").toString());
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.hooks = []; window.replayed = []; window.opens = 0;"
                + "const events = window.events = new EventSource('/sse/" + channel + "?since=0');"
                + "events.onopen = () => window.opens++;"
                + "events.onmessage = e => { const frame = JSON.parse(e.data);"
                + "  if (frame.type === 'hook') { window.hooks.push(frame.id + '=' + e.lastEventId); }"
                + "  else { window.replayed.push(frame.since); } };");
        wait.until(driver -> hooksSeen(js).size() == 1);
        expected.add(String.valueOf(hookcast.postJson(channel, "{\"n\":2}")));
        wait.until(driver -> hooksSeen(js).size() == 2);

        // the server drops the stream (an admin's kick); hooks arrive while the browser reconnects
        hookcast.awaitSubscriberCount(channel, 1, WAIT);
        String subscriber = Hookcast.json(hookcast.get("api/admin/subscribers?channel=" + channel).body())
                .getJsonArray("items").getJsonObject(0).getString("id");
        assertEquals(204, hookcast.http().send(hookcast.request("api/admin/subscribers/" + subscriber).DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        expected.add(String.valueOf(hookcast.postJson(channel, "{\"n\":3}")));
        expected.add(String.valueOf(hookcast.postJson(channel, "{\"n\":4}")));
        wait.withMessage(() -> "hooks " + hooksSeen(js) + ", opens " + js.executeScript("return window.opens"))
                .until(driver -> ((Number) js.executeScript("return window.opens")).intValue() >= 2
                        && hooksSeen(js).size() >= 4);
        expected.add(String.valueOf(hookcast.postJson(channel, "{\"n\":5}")));
        wait.until(driver -> hooksSeen(js).size() >= 5);
        // every hook once, in order, each event's id the hook's id
        assertEquals(expected.stream().map(id -> id + "=" + id).toList(), hooksSeen(js));
        @SuppressWarnings("unchecked")
        List<Object> replayed = (List<Object>) js.executeScript("return window.replayed.slice()");
        assertEquals(2, replayed.size(), "a replayed frame per connection: " + replayed);
        assertEquals("0", replayed.get(0));
        assertTrue(expected.contains(String.valueOf(replayed.get(1))), "resumed after Last-Event-ID " + replayed);
        js.executeScript("window.events.close()");
        assertServerLogClean();
    }

    @SuppressWarnings("unchecked")
    private static List<String> hooksSeen(JavascriptExecutor js) {
        return ((List<Object>) js.executeScript("return window.hooks.slice()")).stream().map(String::valueOf).toList();
    }

    @Test
    void anAdminFollowsAHookFromTheTailToTheTableItsDetailAReplayAndAKick() throws Exception {
        String channel = Hookcast.uniqueChannel("console");
        String other = Hookcast.uniqueChannel("console-other");
        String marker = "console-marker-" + System.nanoTime();

        // log in
        open("overview");
        WebElement password = visible(By.id("password"));
        screenshot("login");
        password.sendKeys(Hookcast.ADMIN_PASSWORD);
        browser.findElement(By.id("login")).click();
        visible(By.id("overview"));
        visible(By.cssSelector("svg.chart"));
        screenshot("overview");

        // live tail: the console subscribes like any client
        open("tail/" + channel);
        wait.until(ExpectedConditions.attributeToBe(By.id("tail-state"), "data-connected", "true"));
        long id = hookcast.postJson(channel, "{\"order\":42,\"note\":\"" + marker + "\"}");
        long elsewhere = hookcast.postJson(other, "{\"order\":43}");
        WebElement frame = visible(By.cssSelector("#tail-frames li[data-id='" + id + "']"));
        assertTrue(frame.getText().contains(marker), frame.getText());
        screenshot("tail");

        // the table, newest first, then by channel and by text
        open("hooks");
        wait.until(driver -> rowIds().size() >= 2);
        assertEquals(List.of(String.valueOf(elsewhere), String.valueOf(id)), rowIds().subList(0, 2));
        screenshot("hooks");
        search(channel, "");
        waitForRows(List.of(id));
        search(other, "");
        waitForRows(List.of(elsewhere));
        search("", marker);
        waitForRows(List.of(id));
        screenshot("hooks-search");

        // the detail
        browser.findElement(By.cssSelector("#hooks-table a[href='#/hooks/" + id + "']")).click();
        waitForText(By.id("hook-id"), String.valueOf(id));
        waitForText(By.id("payload"), "\"order\": 42");
        waitForText(By.id("signature"), "unsigned");
        visible(By.id("headers"));
        screenshot("hook-detail");
        browser.findElement(By.cssSelector("button[data-mode='hex']")).click();
        waitForText(By.id("payload"), "7b 22 6f 72");

        // replay to a WebSocket subscriber (the console's own tail closed when it left the page)
        hookcast.awaitSubscriberCount(channel, 0, WAIT);
        TestSubscriber subscriber = hookcast.subscribe(channel);
        hookcast.awaitSubscriberCount(channel, 1, WAIT);
        browser.findElement(By.id("replay")).click();
        JsonObject replayed = subscriber.await(1, WAIT).get(0);
        assertEquals(String.valueOf(id), replayed.getString("id"));
        assertTrue(replayed.getBoolean("replay"), replayed.toString());
        waitForText(By.id("status"), "Replayed hook " + id + " to 1 subscriber");
        // its delivery records: the live send to the console's tail and the replay
        wait.until(driver -> deliveriesShown().contains("Deliveries (2)"));
        screenshot("hook-replayed");

        // the channel: settings and subscribers; kick closes with 1008
        open("channels/" + channel);
        JsonObject listed = Hookcast.json(hookcast.get("api/admin/subscribers?channel=" + channel).body())
                .getJsonArray("items").getJsonObject(0);
        WebElement kick = visible(By.cssSelector("button[data-kick='" + listed.getString("id") + "']"));
        waitForText(By.id("subscribers-table"), listed.getString("remote"));
        visible(By.id("settings-form"));
        screenshot("channel");
        kick.click();
        assertEquals(1008, subscriber.closeCode(WAIT));
        waitForText(By.id("subscribers"), "Nobody is subscribed now.");
        open("channels");
        visible(By.id("channel-name"));
        screenshot("channels");

        // audit: verify the chain, purge by date
        open("audit");
        WebElement verifyChannel = visible(By.id("verify-channel"));
        verifyChannel.sendKeys(channel);
        browser.findElement(By.id("verify")).click();
        waitForText(By.id("verify-result"), "Chain intact: 1 hooks verified.");
        ((JavascriptExecutor) browser).executeScript(
                "document.getElementById('purge-before').value = '2000-01-01T00:00:00'");
        browser.findElement(By.id("purge")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        waitForText(By.id("purge-result"), "Purged 0 hooks.");
        screenshot("audit");

        // a phone's screen
        browser.manage().window().setSize(new Dimension(390, 844));
        open("overview");
        visible(By.cssSelector("svg.chart"));
        screenshot("overview-phone");
        open("hooks/" + id);
        waitForText(By.id("hook-id"), String.valueOf(id));
        screenshot("hook-detail-phone");
        assertServerLogClean();
    }

    /** The detail's delivery heading; clicks Refresh for the next look (records are written within seconds). */
    private String deliveriesShown() {
        List<WebElement> heading = browser.findElements(By.id("deliveries-title"));
        String shown = heading.isEmpty() ? "" : heading.get(0).getText();
        List<WebElement> refresh = browser.findElements(By.xpath("//button[normalize-space()='Refresh']"));
        if (!shown.contains("Deliveries (2)") && !refresh.isEmpty()) {
            refresh.get(0).click();
        }
        return shown;
    }
}
