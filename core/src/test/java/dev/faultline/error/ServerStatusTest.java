package dev.faultline.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.jetty.http.HttpException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A server's own HTTP exception")
class ServerStatusTest {

    /** Like Jetty's BadMessageException and HttpException.IllegalStateException. */
    static final class JettyLike extends RuntimeException implements HttpException {
        private static final long serialVersionUID = 1L;
        private final int code;

        JettyLike(int code, Throwable cause) {
            super("status " + code, cause);
            this.code = code;
        }

        @Override
        public int getCode() {
            return code;
        }
    }

    private final ErrorClassifier classifier = ErrorClassifier.create();

    @Test
    @DisplayName("keeps the status it carries, read through its server's interface")
    void status() {
        Classification c = classifier.classify(new JettyLike(413, null));
        assertEquals(413, c.status());
        assertEquals(ErrorType.PAYLOAD_TOO_LARGE, c.type());
    }

    @Test
    @DisplayName("the innermost status wins when they nest, also under a generic wrapper")
    void innermost() {
        Classification c = classifier.classify(new RuntimeException(new JettyLike(400, new JettyLike(413, null))));
        assertEquals(413, c.status());
        assertEquals(405, classifier.classify(new JettyLike(405, null)).status());
    }

    @Test
    @DisplayName("a status outside 400..599 is ignored: unknown is internal")
    void nonsense() {
        assertEquals(ErrorType.INTERNAL, classifier.classify(new JettyLike(200, null)).type());
    }
}
