package dev.faultline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.error.Classification;
import dev.faultline.error.ErrorClassifier;
import dev.faultline.error.ErrorType;
import dev.faultline.error.NotFoundException;
import dev.faultline.http.ErrorReply;
import dev.faultline.http.Exchange;
import dev.faultline.testkit.TestRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Exchange#fail(Throwable, int)}: a server's own HTTP exceptions keep their status. */
@DisplayName("A server's HTTP exception")
class ExchangeStatusTest {

    /** Stands for a server's status-bearing exception (JAX-RS WebApplicationException...). */
    static final class ServerHttpException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ServerHttpException(String message) {
            super(message);
        }
    }

    private static Exchange open(Faultline f) {
        return f.open(TestRequest.get("/things/1"));
    }

    @Test
    @DisplayName("keeps its status, and its type follows from the status")
    void keepsStatus() {
        Faultline f = Faultline.builder().settings(n -> null).build();
        ErrorReply r = open(f).fail(new ServerHttpException("no route"), 405);
        assertEquals(405, r.status());
        assertEquals(ErrorType.VALIDATION, r.classification().type());
        assertEquals(ErrorType.NOT_FOUND, open(f).fail(new ServerHttpException("gone"), 404).classification().type());
        assertEquals(503, open(f).fail(new ServerHttpException("busy"), 503).status());
    }

    @Test
    @DisplayName("yields to the application's own exception")
    void faultlineExceptionWins() {
        Faultline f = Faultline.builder().settings(n -> null).build();
        ErrorReply r = open(f).fail(new NotFoundException("Video not found"), 500);
        assertEquals(404, r.status());
        assertEquals(ErrorType.NOT_FOUND, r.classification().type());
    }

    @Test
    @DisplayName("yields to a user rule")
    void userRuleWins() {
        Faultline f = Faultline.builder().settings(n -> null)
                .classifier(ErrorClassifier.builder().rule(ServerHttpException.class, Classification.of(ErrorType.CONFLICT)).build())
                .build();
        assertEquals(409, open(f).fail(new ServerHttpException("x"), 400).status());
    }
}
