package io.redisdouble.clients;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The README as a new user meets it (issue #19 item 6): it says how to get the artifact before the
 * {@code <dependency>} snippet (the version there is the project's), and every Java snippet of its
 * "Use it" section is a whole test class with its imports, which compiles against redis-double, JUnit and
 * Jedis (this module's test classpath) and passes when run. The "Spring Boot" subsection's snippet needs
 * Spring Boot: the spring-boot module's ReadmeSnippetTest runs it.
 */
class ReadmeSnippetsTest {
    static final Path README = Path.of("..", "README.md");

    static String readme() throws Exception {
        assertTrue(Files.exists(README), "no README at " + README.toAbsolutePath());
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    @Test
    void theArtifactIsInstalledBeforeTheDependencySnippet() throws Exception {
        String text = readme();
        int dependency = text.indexOf("<artifactId>redis-double</artifactId>");
        assertTrue(dependency > 0, "no <dependency> snippet");
        String before = text.substring(0, dependency);
        assertTrue(before.contains("mvn -B install -DskipTests -pl server -am"), "the README does not say how to install the artifact before using it");
        String pom = Files.readString(Path.of("..", "server", "pom.xml"), StandardCharsets.UTF_8);
        Matcher v = Pattern.compile("<artifactId>redis-double-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(v.find(), "no parent version in server/pom.xml");
        String snippet = text.substring(dependency, text.indexOf("</dependency>", dependency));
        assertTrue(snippet.contains("<version>" + v.group(1) + "</version>"), "the snippet's version is not " + v.group(1) + ": " + snippet);
    }

    @Test
    void everyJavaSnippetCompilesWithItsImportsAndPasses() throws Exception {
        String text = readme();
        int from = text.indexOf("\n## Use it\n");
        assertTrue(from >= 0, "no '## Use it' section");
        int to = text.indexOf("\n## ", from + 1);
        String section = to < 0 ? text.substring(from) : text.substring(from, to);
        // "### Spring Boot" needs Spring Boot on the classpath: the spring-boot module runs its snippet.
        int boot = section.indexOf("\n### Spring Boot\n");
        assertTrue(boot >= 0, "no '### Spring Boot' subsection in 'Use it'");
        int bootEnd = section.indexOf("\n### ", boot + 1);
        section = section.substring(0, boot) + (bootEnd < 0 ? "" : section.substring(bootEnd));
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
        Path dir = Files.createTempDirectory("readme-snippets");
        List<String> files = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        while (m.find()) {
            String code = m.group(1);
            Matcher name = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)").matcher(code);
            assertTrue(name.find(), "a Java snippet that is not a whole class:\n" + code);
            assertTrue(code.startsWith("import "), "a Java snippet without its imports:\n" + code);
            Path f = dir.resolve(name.group(1) + ".java");
            Files.writeString(f, code);
            files.add(f.toString());
            classes.add(name.group(1));
        }
        assertTrue(classes.size() >= 3, "Java snippets found: " + classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-cp", System.getProperty("java.class.path"), "-proc:none"));
        args.addAll(files);
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            for (String c : classes) {
                Class<?> k = loader.loadClass(c);
                ClassLoader previous = Thread.currentThread().getContextClassLoader();
                Thread.currentThread().setContextClassLoader(loader);
                SummaryGeneratingListener summary = new SummaryGeneratingListener();
                try {
                    LauncherFactory.create().execute(request().selectors(selectClass(k)).build(), summary);
                } finally {
                    Thread.currentThread().setContextClassLoader(previous);
                }
                assertEquals(0, summary.getSummary().getTotalFailureCount(), () -> c + ": " + summary.getSummary().getFailures());
                assertTrue(summary.getSummary().getTestsSucceededCount() > 0, c + " ran no test");
            }
        }
    }
}
