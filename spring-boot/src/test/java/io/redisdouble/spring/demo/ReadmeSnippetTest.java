package io.redisdouble.spring.demo;

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
 * The README's "Spring Boot" snippet as a user copies it: a whole test class with its imports, compiled
 * against this module's test classpath and run by the JUnit launcher. A user's test finds the user's
 * {@code @SpringBootApplication}; here it is put in this package, so it finds {@link DemoApplication}.
 */
class ReadmeSnippetTest {

    @Test
    void theSpringBootSnippetCompilesAndPasses() throws Exception {
        String text = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int from = text.indexOf("\n### Spring Boot\n");
        assertTrue(from >= 0, "no '### Spring Boot' section in the README");
        int to = text.indexOf("\n### ", from + 1);
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(text.substring(from, to < 0 ? text.length() : to));
        assertTrue(m.find(), "no Java snippet in the README's Spring Boot section");
        String code = m.group(1);
        assertTrue(code.startsWith("import "), "the snippet does not start with its imports:\n" + code);
        Matcher name = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)").matcher(code);
        assertTrue(name.find(), "the snippet is not a whole class:\n" + code);

        Path dir = Files.createTempDirectory("readme-spring-snippet");
        Path pkg = Files.createDirectories(dir.resolve("io/redisdouble/spring/demo"));
        Path source = pkg.resolve(name.group(1) + ".java");
        Files.writeString(source, "package io.redisdouble.spring.demo;\n\n" + code);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-cp", System.getProperty("java.class.path"),
                "-proc:none", source.toString()));
        assertEquals(0, javac.run(null, diagnostics, diagnostics, args.toArray(new String[0])), diagnostics.toString(StandardCharsets.UTF_8));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> k = loader.loadClass("io.redisdouble.spring.demo." + name.group(1));
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            try {
                LauncherFactory.create().execute(request().selectors(selectClass(k)).build(), summary);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            assertEquals(0, summary.getSummary().getTotalFailureCount(), () -> name.group(1) + ": " + summary.getSummary().getFailures()
                    .stream().map(f -> f.getException().toString()).toList());
            assertTrue(summary.getSummary().getTestsSucceededCount() > 0, name.group(1) + " ran no test");
        }
    }
}
