package dev.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The build fails when a published module is missing from the BOM: every module of the reactor that
 * builds a jar (all but the examples, the benchmarks and modules that skip deployment, such as the
 * classification corpus) must be listed in {@code bom/pom.xml}, and the
 * BOM must list nothing else. Runs here because the examples module builds after every other one.
 */
@DisplayName("The BOM")
class BomCompletenessTest {

    private static final Set<String> UNPUBLISHED = Set.of("faultline-examples", "faultline-benchmarks", "faultline-bom");

    @Test
    @DisplayName("lists every published module, and only those, at the project's version")
    void complete() throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Document reactor = parse(root.resolve("pom.xml"));
        Set<String> published = new TreeSet<>();
        NodeList modules = reactor.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            Path pom = root.resolve(modules.item(i).getTextContent().trim()).resolve("pom.xml");
            Document module = parse(pom);
            String artifactId = child(module.getDocumentElement(), "artifactId");
            String packaging = child(module.getDocumentElement(), "packaging");
            if (!UNPUBLISHED.contains(artifactId) && !deploySkipped(module) && (packaging == null || packaging.equals("jar"))) {
                published.add(artifactId);
            }
        }
        assertTrue(published.contains("faultline-core"), published::toString);
        Document bom = parse(root.resolve("bom/pom.xml"));
        Set<String> listed = new TreeSet<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            listed.add(child(d, "artifactId"));
            assertEquals("${project.version}", child(d, "version"), "BOM versions follow the project");
        }
        assertEquals(published, listed, "published modules vs the BOM's entries");
    }

    /** A module that says it is never deployed ({@code maven.deploy.skip}), as the test-only corpus. */
    private static boolean deploySkipped(Document module) {
        NodeList properties = module.getDocumentElement().getElementsByTagName("properties");
        return properties.getLength() > 0 && "true".equals(child((Element) properties.item(0), "maven.deploy.skip"));
    }

    private static Document parse(Path pom) throws Exception {
        assertTrue(Files.isRegularFile(pom), pom::toString);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile());
    }

    private static String child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }
}
