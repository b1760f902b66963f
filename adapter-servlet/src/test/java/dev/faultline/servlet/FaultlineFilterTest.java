package dev.faultline.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.Faultline;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Configuration mistakes are reported where they are made, with what to do about them. */
class FaultlineFilterTest {

    @Test
    @DisplayName("the servlet context attribute's name is the class name it holds")
    void attributeNames() {
        assertEquals(Faultline.class.getName(), FaultlineFilter.FAULTLINE_ATTRIBUTE);
    }

    @Test
    @DisplayName("a web.xml filter without a Faultline in the servlet context fails to start, naming the attribute")
    void webXmlWithoutFaultline() {
        ServletException e = assertThrows(ServletException.class, () -> new FaultlineFilter().init(config(Map.of())));
        assertTrue(e.getMessage().contains(FaultlineFilter.FAULTLINE_ATTRIBUTE), e.getMessage());
    }

    @Test
    @DisplayName("a web.xml filter takes its Faultline from the servlet context")
    void webXmlWithFaultline() throws Exception {
        try (Faultline faultline = Faultline.builder().settings(name -> null).build()) {
            new FaultlineFilter().init(config(Map.of(FaultlineFilter.FAULTLINE_ATTRIBUTE, faultline)));
        }
    }

    @Test
    @DisplayName("the builder refuses nulls, naming them")
    void nulls() {
        assertEquals("faultline", assertThrows(NullPointerException.class, () -> FaultlineFilter.builder(null)).getMessage());
        try (Faultline faultline = Faultline.builder().settings(name -> null).build()) {
            assertEquals("routeResolver", assertThrows(NullPointerException.class,
                    () -> FaultlineFilter.builder(faultline).routeResolver(null)).getMessage());
        }
    }

    private static FilterConfig config(Map<String, Object> attributes) {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(loader(ServletContext.class),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) ->
                        method.getName().equals("getAttribute") ? attributes.get((String) args[0]) : null);
        return (FilterConfig) Proxy.newProxyInstance(loader(FilterConfig.class), new Class<?>[] {FilterConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getServletContext" -> context;
                    case "getFilterName" -> "faultline";
                    default -> null;
                });
    }

    private static ClassLoader loader(Class<?> type) {
        return type.getClassLoader();
    }
}
