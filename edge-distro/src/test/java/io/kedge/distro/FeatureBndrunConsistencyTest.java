package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Features say what a node is made of; a bndrun's -runrequires and resolved -runbundles say what
 * ships. This test fails when the two drift: every bundle of the features a bndrun names must be
 * required by it and resolved at the version the feature (and so the root pom) gives.
 */
class FeatureBndrunConsistencyTest {
    private static final Path ROOT = Path.of(System.getProperty("kedge.root", ".."));
    private static final Path M2 = Path.of(System.getProperty("kedge.m2", System.getProperty("user.home") + "/.m2/repository"));
    private static final String OUR_GROUP = "io.kedge";
    private static final Pattern REQUIRED_ID = Pattern.compile("bnd\\.identity;id='([^']+)'");
    private static final Pattern RUN_BUNDLE = Pattern.compile("([\\w.\\-]+);version='\\[([^,]+),");

    @ParameterizedTest
    @ValueSource(strings = {"edge.bndrun", "edge-test.bndrun"})
    void bndrunRequiresAndResolvesEveryFeatureBundle(String bndrunName) throws IOException {
        Path bndrun = ROOT.resolve("bndrun").resolve(bndrunName);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(bndrun), bndrunName + " not present");
        Properties run = load(bndrun);
        String features = run.getProperty("kedge.features", "");
        assertThat(features).as("kedge.features in " + bndrunName).isNotBlank();

        Map<String, String> required = new TreeMap<>();
        for (String feature : features.split("\\s*,\\s*")) {
            required.putAll(featureBundles(ROOT.resolve("features").resolve(feature + ".json")));
        }
        var runRequires = matches(REQUIRED_ID, run.getProperty("-runrequires", ""), 1);
        Map<String, String> runBundles = new TreeMap<>();
        Matcher m = RUN_BUNDLE.matcher(run.getProperty("-runbundles", ""));
        while (m.find()) {
            runBundles.put(m.group(1), m.group(2));
        }

        required.forEach((bsn, version) -> {
            assertThat(runRequires).as(bndrunName + " -runrequires").contains(bsn);
            assertThat(runBundles).as(bndrunName + " -runbundles (stale? run ./kedge resolve)").containsKey(bsn);
            if (!version.isEmpty()) {
                assertThat(base(runBundles.get(bsn))).as("resolved version of " + bsn).isEqualTo(base(version));
            }
        });
    }

    /** Bundle symbolic name → OSGi version (empty for our own snapshot bundles) of each feature bundle. */
    private static Map<String, String> featureBundles(Path feature) throws IOException {
        JsonNode json = new ObjectMapper().readTree(feature.toFile());
        Map<String, String> bundles = new TreeMap<>();
        for (JsonNode bundle : json.path("bundles")) {
            String[] gav = bundle.path("id").asText().split(":");
            assertThat(gav).as("bundle id g:a:v in " + feature).hasSize(3);
            if (gav[0].equals(OUR_GROUP)) {
                assertThat(gav[2]).as(gav[1] + " version in " + feature).isEqualTo(System.getProperty("kedge.version", gav[2]));
                bundles.put(OUR_GROUP + "." + gav[1], "");
            } else {
                Path jar = M2.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                        .resolve(gav[1] + "-" + gav[2] + ".jar");
                assertThat(jar).as("feature bundle " + bundle + " (version must match the root pom)").exists();
                try (JarFile file = new JarFile(jar.toFile())) {
                    var manifest = file.getManifest().getMainAttributes();
                    String bsn = manifest.getValue("Bundle-SymbolicName").split(";")[0].trim();
                    bundles.put(bsn, manifest.getValue("Bundle-Version"));
                }
            }
        }
        return bundles;
    }

    /** major.minor.micro: the resolver writes ranges on that, manifests may add a qualifier. */
    private static String base(String version) {
        String[] parts = (version + ".0.0").split("\\.");
        return parts[0] + "." + parts[1] + "." + parts[2];
    }

    private static java.util.Set<String> matches(Pattern pattern, String text, int group) {
        java.util.Set<String> found = new java.util.TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        return found;
    }

    private static Properties load(Path bndrun) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(bndrun)) {
            properties.load(reader);
        }
        return properties;
    }

}
