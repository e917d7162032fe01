import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sums every JUnit XML report under the given root (Surefire, Failsafe and bnd's OSGi tester, which
 * prints no summary of its own) and prints one line "N passed, N failed, N skipped". Exits 1 when a
 * test failed or errored, or when no test ran at all.
 */
public class SummarizeTests {
    private static final Pattern SUITE = Pattern.compile("<testsuite\\b([^>]*)>");
    private static final Pattern CASE = Pattern.compile("<testcase\\b([^>]*?)(?:/>|>(.*?)</testcase>)", Pattern.DOTALL);
    private static final Pattern PROBLEM = Pattern.compile("<(failure|error)\\b([^>]*?)/?>");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        long tests = 0, failed = 0, skipped = 0;
        int reports = 0;
        List<String> failures = new java.util.ArrayList<>();
        for (Path report : reports(root)) {
            String xml = Files.readString(report);
            Matcher suite = SUITE.matcher(xml);
            if (!suite.find()) {
                continue;
            }
            String attributes = suite.group(1);
            reports++;
            tests += count(attributes, "tests");
            failed += count(attributes, "failures") + count(attributes, "errors");
            skipped += count(attributes, "skipped");
            failures.addAll(failedCases(xml, report));
        }
        // name every failed test: a CI log that shows only its tail must still say which one
        failures.forEach(System.out::println);
        long passed = tests - failed - skipped;
        System.out.println(reports + " test reports read");
        System.out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        System.exit(failed > 0 || passed == 0 ? 1 : 0);
    }

    private static List<Path> reports(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(SummarizeTests::isReport).sorted().toList();
        }
    }

    private static boolean isReport(Path file) {
        String path = file.toString().replace('\\', '/');
        String name = file.getFileName().toString();
        if (!name.endsWith(".xml") || !path.contains("/target/") || path.contains("/node_modules/")) {
            return false;
        }
        return (path.contains("/surefire-reports/") || path.contains("/failsafe-reports/")) && name.startsWith("TEST-")
                || path.contains("/test-reports/");
    }

    private static List<String> failedCases(String xml, Path report) {
        List<String> lines = new java.util.ArrayList<>();
        Matcher testcase = CASE.matcher(xml);
        while (testcase.find()) {
            String body = testcase.group(2);
            Matcher problem = body == null ? null : PROBLEM.matcher(body);
            if (problem != null && problem.find()) {
                String message = attribute(problem.group(2), "message").replaceAll("\\s+", " ");
                lines.add("FAILED " + attribute(testcase.group(1), "classname") + "." + attribute(testcase.group(1), "name")
                        + " (" + report.getFileName() + "): " + problem.group(1) + " "
                        + (message.length() > 300 ? message.substring(0, 300) + "..." : message));
            }
        }
        return lines;
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") : "";
    }

    private static long count(String attributes, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"(\\d+)\"").matcher(attributes);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
