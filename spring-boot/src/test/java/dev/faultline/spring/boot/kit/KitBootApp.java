package dev.faultline.spring.boot.kit;

import dev.faultline.testkit.KitApp;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The conformance kit's application ({@link KitApp}) as a Spring Boot application: its routes are
 * Spring MVC controller methods, and Faultline comes from the auto-configuration alone (no Faultline
 * bean, filter, resolver or advice is written here).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(KitBootApp.KitController.class)
public class KitBootApp {

    /** The kit's routes, as a Spring MVC application writes them. */
    @RestController
    static class KitController {

        @GetMapping(value = KitApp.OK, produces = MediaType.TEXT_PLAIN_VALUE)
        String ok() {
            return "ok";
        }

        @GetMapping(KitApp.FAIL_TEMPLATE)
        String fail(@PathVariable String type) {
            throw KitApp.failure(type);
        }

        /** Spring MVC's asynchronous mechanism: a {@code Callable} on the MVC task executor. */
        @GetMapping(KitApp.ASYNC_FAIL_TEMPLATE)
        Callable<String> asyncFail(@PathVariable String type) {
            return () -> {
                throw KitApp.failure(type);
            };
        }

        @GetMapping(KitApp.BOOM)
        String boom() {
            throw new IllegalStateException(KitApp.NASTY_MESSAGE);
        }

        @GetMapping(KitApp.COMMITTED)
        void committed(HttpServletResponse response) throws IOException {
            response.getOutputStream().write(KitApp.PARTIAL_BODY.getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
            throw new IllegalStateException("failed after commit " + KitApp.SECRET);
        }

        @GetMapping(value = KitApp.MDC, produces = MediaType.TEXT_PLAIN_VALUE)
        String mdc() {
            return KitApp.mdcReport();
        }

        @GetMapping(value = KitApp.ASYNC_MDC, produces = MediaType.TEXT_PLAIN_VALUE)
        Callable<String> asyncMdc() {
            return KitApp::mdcReport;
        }

        @GetMapping(value = KitApp.ITEM_TEMPLATE, produces = MediaType.TEXT_PLAIN_VALUE)
        String item(@PathVariable String id) {
            return "item " + id;
        }

        @PostMapping(KitApp.ECHO)
        ResponseEntity<byte[]> echo(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String type,
                @RequestBody(required = false) byte @Nullable [] body) {
            ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
            if (type != null) {
                ok.header(HttpHeaders.CONTENT_TYPE, type);
            }
            return ok.body(body == null ? new byte[0] : body);
        }

        @PostMapping(value = KitApp.JSON, produces = MediaType.TEXT_PLAIN_VALUE)
        String json(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String type,
                @RequestBody(required = false) byte @Nullable [] body) throws IOException {
            return KitApp.json(type, body == null ? new byte[0] : body);
        }

        @PostMapping(value = KitApp.FORM, produces = MediaType.TEXT_PLAIN_VALUE)
        String form(@RequestParam(required = false) @Nullable String name) {
            return "name=" + name;
        }

        @GetMapping(KitApp.BIG)
        void big(@RequestParam long bytes, HttpServletResponse response) throws IOException {
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            OutputStream out = response.getOutputStream();
            byte[] chunk = new byte[65536];
            for (long written = 0; written < bytes; ) {
                int len = (int) Math.min(chunk.length, bytes - written);
                for (int i = 0; i < len; i++) {
                    chunk[i] = KitApp.bigByte(written + i);
                }
                out.write(chunk, 0, len);
                written += len;
            }
        }

        @GetMapping(KitApp.BARE_401)
        ResponseEntity<Void> bare401() {
            return ResponseEntity.status(401).header(HttpHeaders.WWW_AUTHENTICATE, KitApp.CHALLENGE).build();
        }

        @GetMapping(value = KitApp.STALE, produces = MediaType.APPLICATION_JSON_VALUE)
        String stale() {
            return KitApp.stale();
        }

        @GetMapping(value = KitApp.SHED, produces = MediaType.TEXT_PLAIN_VALUE)
        String shed() {
            return KitApp.shed();
        }

        @GetMapping(value = KitApp.SECRET_JSON, produces = MediaType.APPLICATION_JSON_VALUE)
        String secretJson() {
            return KitApp.SECRET_JSON_BODY;
        }
    }
}
