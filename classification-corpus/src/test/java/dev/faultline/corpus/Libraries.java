package dev.faultline.corpus;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.faultline.corpus.Corpus.Case;
import dev.faultline.corpus.Corpus.Cases;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

/**
 * The corpus: for each library, its common failures, thrown for real where that is simple (against the
 * {@link Stubs}, an in-memory H2 database or a closed port) and otherwise built as the library builds them.
 * Expectations read {@code type status severity retryable}.
 */
final class Libraries implements AutoCloseable {

    private final Stubs stubs;
    private final org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    private final Connection keepAlive;

    Libraries(Stubs stubs) throws SQLException {
        this.stubs = stubs;
        h2.setURL("jdbc:h2:mem:corpus;DB_CLOSE_DELAY=-1");
        keepAlive = h2.getConnection();
        try (Statement s = keepAlive.createStatement()) {
            s.execute("create table teams (id int primary key, name varchar(20) not null)");
            s.execute("create table users (id int primary key, email varchar(10) not null unique, "
                    + "team int references teams(id), age int check (age >= 0))");
            s.execute("insert into teams values (1, 'core')");
            s.execute("insert into users values (1, 'a@x.io', 1, 30)");
            s.execute("insert into users values (2, 'b@x.io', 1, 31)");
        }
    }

    @Override
    public void close() throws SQLException {
        keepAlive.close();
    }

    private String pg() {
        return "jdbc:postgresql://127.0.0.1:" + stubs.closedPort + "/app?connectTimeout=1";
    }

    /** A PostgreSQL server error as PgJDBC builds it from the wire (fields: S severity, C code, M message). */
    private static org.postgresql.util.PSQLException pgError(String state, String message) {
        return new org.postgresql.util.PSQLException(new org.postgresql.util.ServerErrorMessage(
                "SERROR\u0000V" + "ERROR\u0000C" + state + "\u0000M" + message + "\u0000"));
    }

    private static SQLException mysql(String message, String state, int code) {
        return com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(message, state, code, null);
    }

    List<Case> cases() {
        Cases c = new Cases();
        jdk(c);
        h2(c);
        postgres(c);
        mysql(c);
        springDao(c);
        springWeb(c);
        springWebFlux(c);
        springSecurity(c);
        jpa(c);
        hibernate(c);
        hikari(c);
        jooq(c);
        mybatis(c);
        lettuce(c);
        jedis(c);
        mongo(c);
        kafka(c);
        aws(c);
        grpc(c);
        netty(c);
        reactorNetty(c);
        okhttp(c);
        apacheHttp(c);
        feign(c);
        jaxrs(c);
        jjwt(c);
        javaJwt(c);
        nimbus(c);
        jackson2(c);
        jackson3(c);
        beanValidation(c);
        resilience4j(c);
        return c.all;
    }

    // ------------------------------------------------------------------------------------------ JDK
    private void jdk(Cases c) {
        c.library("JDK HttpClient")
                .thrown("connection refused", "external_service 502 high yes", () -> java.net.http.HttpClient.newHttpClient()
                        .send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stubs.closedPort + "/")).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString()))
                .thrown("request timeout", "timeout 504 high yes", () -> java.net.http.HttpClient.newHttpClient()
                        .send(java.net.http.HttpRequest.newBuilder(URI.create(stubs.http + "/slow")).timeout(Duration.ofMillis(200)).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString()))
                .thrown("unknown host", "network 503 high yes", () -> java.net.InetAddress.getByName("no-such-host.invalid"));
    }

    // ------------------------------------------------------------------------------------------- H2
    private void h2(Cases c) {
        c.library("H2")
                .thrown("unique violation (23505)", "conflict 409 low no", () -> update("insert into users values (3, 'a@x.io', 1, 1)"))
                .thrown("foreign key violation (23506)", "conflict 409 low no", () -> update("insert into users values (4, 'd@x.io', 9, 1)"))
                .thrown("not null violation (23502)", "conflict 409 low no", () -> update("insert into users values (5, null, 1, 1)"))
                .thrown("check constraint violation (23513)", "conflict 409 low no", () -> update("insert into users values (6, 'f@x.io', 1, -1)"))
                .thrown("value too long (22001)", "validation 400 low no", () -> update("insert into users values (7, 'much-too-long@x.io', 1, 1)"))
                .thrown("bad number (22018)", "validation 400 low no", () -> update("select cast('twelve' as int)"))
                .thrown("syntax error (42001)", "internal 500 high no", () -> update("selec 1"))
                .thrown("no such table (42S02)", "internal 500 high no", () -> update("select * from videos"))
                .thrown("lock timeout (HYT00)", "timeout 504 high yes", this::lockTimeout)
                .thrown("connection refused (TCP server)", "database 503 critical yes",
                        () -> DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + stubs.closedPort + "/mem:x", "sa", ""));
    }

    private void update(String sql) throws SQLException {
        try (Connection con = h2.getConnection(); Statement s = con.createStatement()) {
            s.execute(sql);
        }
    }

    private void lockTimeout() throws SQLException {
        try (Connection a = h2.getConnection(); Connection b = h2.getConnection()) {
            a.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.executeUpdate("update users set age = 40 where id = 2");
            }
            try (Statement s = b.createStatement()) {
                s.execute("set lock_timeout 100");
                s.executeUpdate("update users set age = 41 where id = 2");
            } finally {
                a.rollback();
            }
        }
    }

    // ----------------------------------------------------------------------------------- PostgreSQL
    private void postgres(Cases c) {
        c.library("PgJDBC")
                .thrown("connection refused (08001)", "database 503 critical yes", () -> DriverManager.getConnection(pg(), "app", "x"))
                .built("unique violation (23505)", "conflict 409 low no", () -> pgError("23505", "duplicate key value violates unique constraint \"users_email_key\""))
                .built("foreign key violation (23503)", "conflict 409 low no", () -> pgError("23503", "insert or update on table \"users\" violates foreign key constraint"))
                .built("serialization failure (40001)", "conflict 409 low yes", () -> pgError("40001", "could not serialize access due to concurrent update"))
                .built("deadlock (40P01)", "conflict 409 low yes", () -> pgError("40P01", "deadlock detected"))
                .built("statement timeout (57014)", "timeout 504 high yes", () -> pgError("57014", "canceling statement due to statement timeout"))
                .built("lock not available (55P03)", "timeout 504 high yes", () -> pgError("55P03", "could not obtain lock on row in relation \"users\""))
                .built("too many connections (53300)", "resource_exhausted 503 critical yes", () -> pgError("53300", "sorry, too many clients already"))
                .built("undefined table (42P01)", "internal 500 high no", () -> pgError("42P01", "relation \"videos\" does not exist"))
                .built("invalid text representation (22P02)", "validation 400 low no", () -> pgError("22P02", "invalid input syntax for type uuid: \"42\""))
                .built("admin shutdown (57P01)", "database 503 critical yes", () -> pgError("57P01", "terminating connection due to administrator command"))
                .built("bad password (28P01)", "database 503 critical no", () -> pgError("28P01", "password authentication failed for user \"app\""));
    }

    // ---------------------------------------------------------------------------------------- MySQL
    private void mysql(Cases c) {
        c.library("MySQL Connector/J")
                .thrown("connection refused (08S01)", "database 503 critical yes", () -> DriverManager.getConnection(
                        "jdbc:mysql://127.0.0.1:" + stubs.closedPort + "/app?connectTimeout=500", "app", "x"))
                .built("duplicate entry (1062)", "conflict 409 low no", () -> mysql("Duplicate entry 'a@x.io' for key 'users.email'", "23000", 1062))
                .built("deadlock (1213)", "conflict 409 low yes", () -> mysql("Deadlock found when trying to get lock; try restarting transaction", "40001", 1213))
                .built("lock wait timeout (1205)", "timeout 504 high yes", () -> mysql("Lock wait timeout exceeded; try restarting transaction", "40001", 1205))
                .built("data too long (1406)", "validation 400 low no", () -> mysql("Data too long for column 'email' at row 1", "22001", 1406))
                .built("statement timeout", "timeout 504 high yes", () -> new com.mysql.cj.jdbc.exceptions.MySQLTimeoutException());
    }

    // ----------------------------------------------------------------------------------- Spring DAO
    private void springDao(Cases c) {
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(h2);
        c.library("Spring JDBC")
                .thrown("DuplicateKeyException", "conflict 409 low no", () -> jdbc.update("insert into users values (8, 'a@x.io', 1, 1)"))
                .thrown("DataIntegrityViolationException (foreign key)", "conflict 409 low no", () -> jdbc.update("insert into users values (9, 'i@x.io', 7, 1)"))
                .thrown("DataIntegrityViolationException over a data exception (22001)", "validation 400 low no",
                        () -> jdbc.update("insert into users values (10, 'very-long-address@x.io', 1, 1)"))
                .thrown("BadSqlGrammarException", "internal 500 high no", () -> jdbc.queryForList("select * from videos"))
                .thrown("EmptyResultDataAccessException", "not_found 404 low no",
                        () -> jdbc.queryForObject("select email from users where id = 99", String.class))
                .thrown("IncorrectResultSizeDataAccessException", "internal 500 high no",
                        () -> jdbc.queryForObject("select email from users", String.class))
                .thrown("CannotGetJdbcConnectionException (database down)", "database 503 critical yes",
                        () -> new org.springframework.jdbc.core.JdbcTemplate(
                                new org.springframework.jdbc.datasource.DriverManagerDataSource(pg(), "app", "x")).queryForList("select 1"))
                .built("OptimisticLockingFailureException", "conflict 409 low no",
                        () -> new org.springframework.dao.OptimisticLockingFailureException("Row was updated or deleted by another transaction"))
                .built("QueryTimeoutException", "timeout 504 high yes", () -> new org.springframework.dao.QueryTimeoutException("query timed out"))
                .built("UncategorizedSQLException over 57014", "timeout 504 high yes",
                        () -> new org.springframework.jdbc.UncategorizedSQLException("select", "select pg_sleep(10)", pgError("57014", "canceling statement due to statement timeout")))
                .built("DataAccessResourceFailureException over a refused connection", "database 503 critical yes",
                        () -> new org.springframework.dao.DataAccessResourceFailureException("Unable to connect", new ConnectException("Connection refused")))
                .built("ObjectOptimisticLockingFailureException", "conflict 409 low no",
                        () -> new org.springframework.orm.ObjectOptimisticLockingFailureException("Video", 42L));
    }

    // ----------------------------------------------------------------------------------- Spring Web
    /** A handler method whose parameter MVC's binding exceptions name. */
    public void handler(String id) {
    }

    private org.springframework.core.MethodParameter parameter() throws NoSuchMethodException {
        return new org.springframework.core.MethodParameter(Libraries.class.getMethod("handler", String.class), 0);
    }

    private void springWeb(Cases c) {
        org.springframework.web.client.RestClient rest = org.springframework.web.client.RestClient.builder()
                .baseUrl(stubs.http).requestFactory(timeouts()).build();
        c.library("Spring Web (RestClient)")
                .thrown("downstream 503 with Retry-After", "external_service 503 high yes", () -> rest.get().uri("/status/503").retrieve().body(String.class))
                .thrown("downstream 500", "external_service 502 high yes", () -> rest.get().uri("/status/500").retrieve().body(String.class))
                .thrown("downstream 504", "external_service 504 high yes", () -> rest.get().uri("/status/504").retrieve().body(String.class))
                .thrown("downstream 429 with Retry-After", "external_service 503 high yes", () -> rest.get().uri("/status/429").retrieve().body(String.class))
                .thrown("downstream 404", "external_service 502 high no", () -> rest.get().uri("/status/404").retrieve().body(String.class))
                .thrown("downstream 400", "external_service 502 high no", () -> rest.get().uri("/status/400").retrieve().body(String.class))
                .thrown("downstream 401", "external_service 502 high no", () -> rest.get().uri("/status/401").retrieve().body(String.class))
                .thrown("connection refused", "external_service 502 high yes",
                        () -> rest.get().uri("http://127.0.0.1:" + stubs.closedPort + "/").retrieve().body(String.class))
                .thrown("read timeout", "timeout 504 high yes", () -> rest.get().uri("/slow").retrieve().body(String.class))
                .thrown("downstream's malformed JSON", "external_service 502 high yes", () -> rest.get().uri("/bad-json").retrieve().body(Map.class));
        c.library("Spring Web (MVC)")
                .built("MethodArgumentNotValidException", "validation 400 low no", () -> {
                    org.springframework.validation.BeanPropertyBindingResult result =
                            new org.springframework.validation.BeanPropertyBindingResult(new Object(), "video");
                    result.reject("title.blank", "must not be blank");
                    return new org.springframework.web.bind.MethodArgumentNotValidException(parameter(), result);
                })
                .built("MethodArgumentTypeMismatchException", "validation 400 low no",
                        () -> new org.springframework.web.method.annotation.MethodArgumentTypeMismatchException("abc", Integer.class, "id",
                                parameter(), new NumberFormatException("For input string: \"abc\"")))
                .built("MissingServletRequestParameterException", "validation 400 low no",
                        () -> new org.springframework.web.bind.MissingServletRequestParameterException("page", "int"))
                .built("HttpMessageNotReadableException", "validation 400 low no",
                        () -> new org.springframework.http.converter.HttpMessageNotReadableException("JSON parse error", new IOException("bad"),
                                new org.springframework.http.HttpInputMessage() {
                                    @Override
                                    public java.io.InputStream getBody() {
                                        return java.io.InputStream.nullInputStream();
                                    }

                                    @Override
                                    public org.springframework.http.HttpHeaders getHeaders() {
                                        return new org.springframework.http.HttpHeaders();
                                    }
                                }))
                .built("HttpRequestMethodNotSupportedException", "validation 405 low no",
                        () -> new org.springframework.web.HttpRequestMethodNotSupportedException("DELETE"))
                .built("HttpMediaTypeNotSupportedException", "validation 415 low no",
                        () -> new org.springframework.web.HttpMediaTypeNotSupportedException("text/csv"))
                .built("ResponseStatusException 404", "not_found 404 low no",
                        () -> new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND, "No video 42"))
                .built("ResponseStatusException 409", "conflict 409 low no",
                        () -> new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.CONFLICT))
                .built("MaxUploadSizeExceededException", "payload_too_large 413 low no",
                        () -> new org.springframework.web.multipart.MaxUploadSizeExceededException(1_048_576))
                .built("NoHandlerFoundException", "not_found 404 low no",
                        () -> new org.springframework.web.servlet.NoHandlerFoundException("GET", "/nowhere", new org.springframework.http.HttpHeaders()));
    }

    private static org.springframework.http.client.SimpleClientHttpRequestFactory timeouts() {
        org.springframework.http.client.SimpleClientHttpRequestFactory f = new org.springframework.http.client.SimpleClientHttpRequestFactory();
        f.setConnectTimeout(Duration.ofMillis(500));
        f.setReadTimeout(Duration.ofMillis(300));
        return f;
    }

    // ------------------------------------------------------------------------------- Spring WebFlux
    private void springWebFlux(Cases c) {
        org.springframework.web.reactive.function.client.WebClient web = org.springframework.web.reactive.function.client.WebClient.builder()
                .baseUrl(stubs.http)
                .clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                        reactor.netty.http.client.HttpClient.create().responseTimeout(Duration.ofMillis(300))))
                .build();
        c.library("Spring WebFlux (WebClient)")
                .thrown("downstream 503 with Retry-After", "external_service 503 high yes",
                        () -> web.get().uri("/status/503").retrieve().bodyToMono(String.class).block())
                .thrown("downstream 404", "external_service 502 high no",
                        () -> web.get().uri("/status/404").retrieve().bodyToMono(String.class).block())
                .thrown("downstream 502", "external_service 502 high yes",
                        () -> web.get().uri("/status/502").retrieve().bodyToMono(String.class).block())
                .thrown("connection refused", "external_service 502 high yes",
                        () -> web.get().uri("http://127.0.0.1:" + stubs.closedPort + "/").retrieve().bodyToMono(String.class).block())
                .thrown("response timeout", "timeout 504 high yes",
                        () -> web.get().uri("/slow").retrieve().bodyToMono(String.class).block());
    }

    // ------------------------------------------------------------------------------ Spring Security
    private void springSecurity(Cases c) {
        org.springframework.security.provisioning.InMemoryUserDetailsManager users = new org.springframework.security.provisioning.InMemoryUserDetailsManager(
                org.springframework.security.core.userdetails.User.withUsername("alice").password("{noop}secret").roles("USER").build(),
                org.springframework.security.core.userdetails.User.withUsername("bob").password("{noop}secret").roles("USER").accountLocked(true).build());
        org.springframework.security.authentication.dao.DaoAuthenticationProvider provider =
                new org.springframework.security.authentication.dao.DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder());
        org.springframework.security.authentication.ProviderManager manager = new org.springframework.security.authentication.ProviderManager(provider);
        org.springframework.security.authentication.dao.DaoAuthenticationProvider broken =
                new org.springframework.security.authentication.dao.DaoAuthenticationProvider(username -> {
                    throw new org.springframework.dao.DataAccessResourceFailureException("users table unreachable",
                            pgError("08006", "An I/O error occurred while sending to the backend."));
                });
        c.library("Spring Security")
                .thrown("BadCredentialsException", "authentication 401 medium no",
                        () -> manager.authenticate(org.springframework.security.authentication.UsernamePasswordAuthenticationToken.unauthenticated("alice", "wrong")))
                .thrown("LockedException", "authentication 401 medium no",
                        () -> manager.authenticate(org.springframework.security.authentication.UsernamePasswordAuthenticationToken.unauthenticated("bob", "secret")))
                .thrown("InternalAuthenticationServiceException over a lost database", "database 503 critical yes",
                        () -> broken.authenticate(org.springframework.security.authentication.UsernamePasswordAuthenticationToken.unauthenticated("alice", "secret")))
                .built("AccessDeniedException", "authorization 403 medium no",
                        () -> new org.springframework.security.access.AccessDeniedException("Access Denied"))
                .built("AuthorizationDeniedException", "authorization 403 medium no",
                        () -> new org.springframework.security.authorization.AuthorizationDeniedException("Access Denied",
                                new org.springframework.security.authorization.AuthorizationDecision(false)))
                .built("AuthenticationCredentialsNotFoundException", "authentication 401 medium no",
                        () -> new org.springframework.security.authentication.AuthenticationCredentialsNotFoundException(
                                "An Authentication object was not found in the SecurityContext"));
    }

    // ------------------------------------------------------------------------------------------- JPA
    private void jpa(Cases c) {
        c.library("Jakarta Persistence")
                .built("EntityNotFoundException", "not_found 404 low no", () -> new jakarta.persistence.EntityNotFoundException("Unable to find Video with id 42"))
                .built("NoResultException", "not_found 404 low no", () -> new jakarta.persistence.NoResultException("No result found for query"))
                .built("NonUniqueResultException", "internal 500 high no", () -> new jakarta.persistence.NonUniqueResultException("Query did not return a unique result: 2"))
                .built("OptimisticLockException", "conflict 409 low no", () -> new jakarta.persistence.OptimisticLockException("Row was updated or deleted by another transaction"))
                .built("EntityExistsException", "conflict 409 low no", () -> new jakarta.persistence.EntityExistsException("detached entity passed to persist"))
                .built("LockTimeoutException", "timeout 504 high yes", () -> new jakarta.persistence.LockTimeoutException("could not obtain lock"))
                .built("QueryTimeoutException", "timeout 504 high yes", () -> new jakarta.persistence.QueryTimeoutException("query timed out"))
                .built("PersistenceException over a unique violation", "conflict 409 low no",
                        () -> new jakarta.persistence.PersistenceException("could not execute statement", pgError("23505", "duplicate key")));
    }

    // ------------------------------------------------------------------------------------- Hibernate
    private void hibernate(Cases c) {
        c.library("Hibernate ORM")
                .built("StaleObjectStateException", "conflict 409 low no", () -> new org.hibernate.StaleObjectStateException("Video", 42L))
                .built("ConstraintViolationException (23505)", "conflict 409 low no",
                        () -> new org.hibernate.exception.ConstraintViolationException("could not execute statement",
                                pgError("23505", "duplicate key value violates unique constraint \"users_email_key\""), "users_email_key"))
                .built("ConstraintViolationException inside Spring's DataIntegrityViolationException", "conflict 409 low no",
                        () -> new org.springframework.dao.DataIntegrityViolationException("could not execute statement",
                                new org.hibernate.exception.ConstraintViolationException("could not execute statement",
                                        pgError("23503", "violates foreign key constraint"), "users_team_fkey")))
                .built("JDBCConnectionException", "database 503 critical yes",
                        () -> new org.hibernate.exception.JDBCConnectionException("unable to obtain isolated JDBC connection", pgError("08006", "connection failure")))
                .built("SQLGrammarException", "internal 500 high no",
                        () -> new org.hibernate.exception.SQLGrammarException("could not prepare statement", pgError("42P01", "relation \"videos\" does not exist")))
                .built("LockAcquisitionException (deadlock)", "conflict 409 low yes",
                        () -> new org.hibernate.exception.LockAcquisitionException("could not execute statement", pgError("40P01", "deadlock detected")))
                .built("GenericJDBCException over a statement timeout", "timeout 504 high yes",
                        () -> new org.hibernate.exception.GenericJDBCException("could not execute query", pgError("57014", "canceling statement due to statement timeout")))
                .built("ObjectNotFoundException", "not_found 404 low no", () -> new org.hibernate.ObjectNotFoundException((Object) 42L, "Video"))
                .built("TransientObjectException (a bug)", "internal 500 high no",
                        () -> new org.hibernate.TransientObjectException("object references an unsaved transient instance"));
    }

    // --------------------------------------------------------------------------------------- HikariCP
    private void hikari(Cases c) {
        c.library("HikariCP")
                .thrown("connection not available (database down)", "database 503 critical yes", () -> {
                    HikariConfig config = new HikariConfig();
                    config.setJdbcUrl(pg());
                    config.setUsername("app");
                    config.setConnectionTimeout(250);
                    config.setInitializationFailTimeout(-1);
                    try (HikariDataSource ds = new HikariDataSource(config); Connection con = ds.getConnection()) {
                        con.isValid(1);
                    }
                })
                .thrown("pool initialization failure", "database 503 critical yes", () -> {
                    HikariConfig config = new HikariConfig();
                    config.setJdbcUrl(pg());
                    config.setUsername("app");
                    config.setConnectionTimeout(250);
                    config.setInitializationFailTimeout(1);
                    new HikariDataSource(config).close();
                });
    }

    // ------------------------------------------------------------------------------------------ jOOQ
    private void jooq(Cases c) {
        c.library("jOOQ")
                .thrown("duplicate key", "conflict 409 low no", () -> {
                    try (Connection con = h2.getConnection()) {
                        org.jooq.impl.DSL.using(con, org.jooq.SQLDialect.H2).execute("insert into users values (11, 'a@x.io', 1, 1)");
                    }
                })
                .thrown("NoDataFoundException", "not_found 404 low no", () -> {
                    try (Connection con = h2.getConnection()) {
                        org.jooq.impl.DSL.using(con, org.jooq.SQLDialect.H2).fetchSingle("select * from users where id = 99");
                    }
                })
                .thrown("TooManyRowsException", "internal 500 high no", () -> {
                    try (Connection con = h2.getConnection()) {
                        org.jooq.impl.DSL.using(con, org.jooq.SQLDialect.H2).fetchSingle("select * from users");
                    }
                })
                .thrown("syntax error", "internal 500 high no", () -> {
                    try (Connection con = h2.getConnection()) {
                        org.jooq.impl.DSL.using(con, org.jooq.SQLDialect.H2).execute("selec 1");
                    }
                });
    }

    // ---------------------------------------------------------------------------------------- MyBatis
    private void mybatis(Cases c) {
        c.library("MyBatis")
                .built("PersistenceException over a unique violation", "conflict 409 low no",
                        () -> org.apache.ibatis.exceptions.ExceptionFactory.wrapException("Error updating database", pgError("23505", "duplicate key")))
                .built("PersistenceException over a lost connection", "database 503 critical yes",
                        () -> org.apache.ibatis.exceptions.ExceptionFactory.wrapException("Error querying database", pgError("08006", "connection failure")))
                .built("TooManyResultsException", "internal 500 high no",
                        () -> new org.apache.ibatis.exceptions.TooManyResultsException("Expected one result (or null) to be returned by selectOne(), but found: 2"));
    }

    // ---------------------------------------------------------------------------------------- Lettuce
    private void lettuce(Cases c) {
        c.library("Lettuce")
                .thrown("connection refused", "database 503 high yes", () -> {
                    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(io.lettuce.core.RedisURI.create("127.0.0.1", stubs.closedPort));
                    client.setOptions(io.lettuce.core.ClientOptions.builder().socketOptions(
                            io.lettuce.core.SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).build()).build());
                    try {
                        client.connect().close();
                    } finally {
                        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                    }
                })
                .built("RedisCommandTimeoutException", "timeout 504 high yes",
                        () -> new io.lettuce.core.RedisCommandTimeoutException("Command timed out after 1 second(s)"))
                .built("RedisCommandExecutionException (WRONGTYPE)", "internal 500 high no",
                        () -> new io.lettuce.core.RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value"));
    }

    // ------------------------------------------------------------------------------------------ Jedis
    private void jedis(Cases c) {
        c.library("Jedis")
                .thrown("connection refused", "database 503 high yes", () -> {
                    try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", stubs.closedPort, 500)) {
                        jedis.ping();
                    }
                })
                .thrown("read timeout", "timeout 504 high yes", () -> {
                    try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", stubs.silentPort, 300)) {
                        jedis.ping();
                    }
                })
                .built("JedisDataException (WRONGTYPE)", "internal 500 high no",
                        () -> new redis.clients.jedis.exceptions.JedisDataException("WRONGTYPE Operation against a key holding the wrong kind of value"));
    }

    // ---------------------------------------------------------------------------------------- MongoDB
    private void mongo(Cases c) {
        com.mongodb.ServerAddress address = new com.mongodb.ServerAddress("127.0.0.1", 27017);
        c.library("MongoDB Java driver")
                .thrown("no server (MongoTimeoutException)", "database 503 critical yes", () -> {
                    try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create("mongodb://127.0.0.1:" + stubs.closedPort
                            + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300")) {
                        client.getDatabase("app").getCollection("users").find().first();
                    }
                })
                .built("MongoWriteException E11000", "conflict 409 low no", () -> new com.mongodb.MongoWriteException(
                        new com.mongodb.WriteError(11000, "E11000 duplicate key error collection: app.users index: email_1 dup key", new BsonDocument()),
                        address, Set.of()))
                .built("DuplicateKeyException", "conflict 409 low no", () -> new com.mongodb.DuplicateKeyException(
                        new BsonDocument("ok", new BsonInt32(1)).append("code", new BsonInt32(11000)).append("errmsg", new BsonString("E11000 duplicate key")),
                        address, com.mongodb.WriteConcernResult.unacknowledged()))
                .built("MaxTimeMSExpired", "timeout 504 high yes", () -> new com.mongodb.MongoExecutionTimeoutException(50, "operation exceeded time limit"))
                .built("MongoCommandException code 50", "timeout 504 high yes", () -> new com.mongodb.MongoCommandException(
                        new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(50)).append("errmsg", new BsonString("operation exceeded time limit"))
                                .append("codeName", new BsonString("MaxTimeMSExpired")), address))
                .built("MongoCommandException code 13 (unauthorized)", "database 503 critical no", () -> new com.mongodb.MongoCommandException(
                        new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(13)).append("errmsg", new BsonString("not authorized on app"))
                                .append("codeName", new BsonString("Unauthorized")), address))
                .built("MongoSocketOpenException", "database 503 critical yes",
                        () -> new com.mongodb.MongoSocketOpenException("Exception opening socket", address, new ConnectException("Connection refused")))
                .built("MongoSocketReadTimeoutException", "timeout 504 high yes",
                        () -> new com.mongodb.MongoSocketReadTimeoutException("Timeout while receiving message", address, new SocketTimeoutException("Read timed out")));
    }

    // ------------------------------------------------------------------------------------------ Kafka
    private void kafka(Cases c) {
        c.library("Kafka clients")
                .thrown("producer: broker unreachable (metadata timeout)", "timeout 504 high yes", () -> {
                    Properties p = new Properties();
                    p.put("bootstrap.servers", "127.0.0.1:" + stubs.closedPort);
                    p.put("max.block.ms", "300");
                    p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                    p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                    org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(p);
                    try {
                        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("orders", "k", "v")).get();
                    } finally {
                        producer.close(Duration.ofMillis(200));
                    }
                })
                .built("TimeoutException", "timeout 504 high yes",
                        () -> new org.apache.kafka.common.errors.TimeoutException("Topic orders not present in metadata after 60000 ms."))
                .built("NotLeaderOrFollowerException", "external_service 503 high yes",
                        () -> new org.apache.kafka.common.errors.NotLeaderOrFollowerException("This server is not the leader for that topic-partition."))
                .built("SaslAuthenticationException", "external_service 502 high no",
                        () -> new org.apache.kafka.common.errors.SaslAuthenticationException("Authentication failed: Invalid username or password"))
                .built("TopicAuthorizationException", "external_service 502 high no",
                        () -> new org.apache.kafka.common.errors.TopicAuthorizationException(Set.of("orders")))
                .built("RecordTooLargeException", "internal 500 high no",
                        () -> new org.apache.kafka.common.errors.RecordTooLargeException("The message is 2000000 bytes when serialized"));
    }

    // -------------------------------------------------------------------------------------- AWS SDK v2
    private static software.amazon.awssdk.awscore.exception.AwsServiceException aws(int status, String code, String message) {
        return software.amazon.awssdk.awscore.exception.AwsServiceException.builder().statusCode(status).message(message)
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                        .serviceName("S3")
                        .sdkHttpResponse(software.amazon.awssdk.http.SdkHttpResponse.builder().statusCode(status)
                                .putHeader("Retry-After", Integer.toString(Stubs.RETRY_AFTER_SECONDS)).build())
                        .build())
                .build();
    }

    private void aws(Cases c) {
        c.library("AWS SDK v2")
                .built("ApiCallTimeoutException", "timeout 504 high yes",
                        () -> software.amazon.awssdk.core.exception.ApiCallTimeoutException.create(1000))
                .built("ApiCallAttemptTimeoutException", "timeout 504 high yes",
                        () -> software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException.create(500))
                .built("service 503 SlowDown with Retry-After", "external_service 503 high yes", () -> aws(503, "SlowDown", "Please reduce your request rate."))
                .built("service 404 NoSuchKey", "external_service 502 high no", () -> aws(404, "NoSuchKey", "The specified key does not exist."))
                .built("service 500 InternalError", "external_service 502 high yes", () -> aws(500, "InternalError", "We encountered an internal error."))
                .built("SdkClientException over an unknown host", "external_service 502 high yes",
                        () -> software.amazon.awssdk.core.exception.SdkClientException.builder().message("Unable to execute HTTP request: s3.eu-west-1.amazonaws.com")
                                .cause(new UnknownHostException("s3.eu-west-1.amazonaws.com")).build())
                .built("SdkClientException over a read timeout", "timeout 504 high yes",
                        () -> software.amazon.awssdk.core.exception.SdkClientException.builder().message("Unable to execute HTTP request: Read timed out")
                                .cause(new SocketTimeoutException("Read timed out")).build());
    }

    // ------------------------------------------------------------------------------------------- gRPC
    private void grpc(Cases c) {
        c.library("gRPC")
                .built("UNAVAILABLE", "external_service 503 high yes", () -> io.grpc.Status.UNAVAILABLE.withDescription("io exception").asRuntimeException())
                .built("DEADLINE_EXCEEDED", "timeout 504 high yes", () -> io.grpc.Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 0.99s").asRuntimeException())
                .built("RESOURCE_EXHAUSTED", "external_service 503 high yes", () -> io.grpc.Status.RESOURCE_EXHAUSTED.withDescription("quota exceeded").asRuntimeException())
                .built("NOT_FOUND", "external_service 502 high no", () -> io.grpc.Status.NOT_FOUND.withDescription("no such user").asRuntimeException())
                .built("PERMISSION_DENIED", "external_service 502 high no", () -> io.grpc.Status.PERMISSION_DENIED.asRuntimeException())
                .built("UNAUTHENTICATED", "external_service 502 high no", () -> io.grpc.Status.UNAUTHENTICATED.asRuntimeException())
                .built("INTERNAL", "external_service 502 high yes", () -> io.grpc.Status.INTERNAL.asRuntimeException())
                .built("StatusException UNAVAILABLE", "external_service 503 high yes", () -> io.grpc.Status.UNAVAILABLE.asException());
    }

    // ------------------------------------------------------------------------------------------ Netty
    private void netty(Cases c) {
        c.library("Netty")
                .built("ReadTimeoutException", "timeout 504 high yes", () -> io.netty.handler.timeout.ReadTimeoutException.INSTANCE)
                .built("ConnectTimeoutException", "timeout 504 high yes",
                        () -> new io.netty.channel.ConnectTimeoutException("connection timed out after 10000 ms: /10.0.0.1:5432"))
                .built("TooLongFrameException", "payload_too_large 413 low no",
                        () -> new io.netty.handler.codec.TooLongFrameException("Adjusted frame length exceeds 65536: 1048576 - discarded"));
    }

    // ---------------------------------------------------------------------------------- Reactor Netty
    private void reactorNetty(Cases c) {
        c.library("Reactor Netty")
                .thrown("connection refused", "external_service 502 high yes",
                        () -> reactor.netty.http.client.HttpClient.create().get().uri("http://127.0.0.1:" + stubs.closedPort + "/")
                                .responseContent().aggregate().asString().block())
                .thrown("connection closed before the response (PrematureCloseException)", "external_service 502 high yes",
                        () -> reactor.netty.http.client.HttpClient.create().get().uri("http://127.0.0.1:" + stubs.closingPort + "/")
                                .responseContent().aggregate().asString().block(Duration.ofSeconds(5)));
    }

    // ----------------------------------------------------------------------------------------- OkHttp
    private void okhttp(Cases c) {
        c.library("OkHttp")
                .thrown("connection refused", "external_service 502 high yes", () -> new okhttp3.OkHttpClient().newCall(
                        new okhttp3.Request.Builder().url("http://127.0.0.1:" + stubs.closedPort + "/").build()).execute().close())
                .thrown("read timeout", "timeout 504 high yes", () -> new okhttp3.OkHttpClient.Builder().readTimeout(200, TimeUnit.MILLISECONDS).build()
                        .newCall(new okhttp3.Request.Builder().url(stubs.http + "/slow").build()).execute().close())
                .thrown("call timeout", "timeout 504 high yes", () -> new okhttp3.OkHttpClient.Builder().callTimeout(200, TimeUnit.MILLISECONDS).build()
                        .newCall(new okhttp3.Request.Builder().url(stubs.http + "/slow").build()).execute().close());
    }

    // ------------------------------------------------------------------------------ Apache HttpClient 5
    private void apacheHttp(Cases c) {
        c.library("Apache HttpClient 5")
                .thrown("connection refused", "external_service 502 high yes", () -> {
                    try (org.apache.hc.client5.http.impl.classic.CloseableHttpClient http = org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                            .disableAutomaticRetries().build()) {
                        http.execute(new org.apache.hc.client5.http.classic.methods.HttpGet("http://127.0.0.1:" + stubs.closedPort + "/"),
                                new org.apache.hc.client5.http.impl.classic.BasicHttpClientResponseHandler());
                    }
                })
                .thrown("downstream 503 through the response handler", "external_service 503 high yes", () -> {
                    try (org.apache.hc.client5.http.impl.classic.CloseableHttpClient http = org.apache.hc.client5.http.impl.classic.HttpClients.createDefault()) {
                        http.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(stubs.http + "/status/503"),
                                new org.apache.hc.client5.http.impl.classic.BasicHttpClientResponseHandler());
                    }
                })
                .thrown("no response (NoHttpResponseException)", "external_service 502 high yes", () -> {
                    try (org.apache.hc.client5.http.impl.classic.CloseableHttpClient http = org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                            .disableAutomaticRetries().build()) {
                        http.execute(new org.apache.hc.client5.http.classic.methods.HttpGet("http://127.0.0.1:" + stubs.closingPort + "/"),
                                new org.apache.hc.client5.http.impl.classic.BasicHttpClientResponseHandler());
                    }
                })
                .built("ConnectTimeoutException", "timeout 504 high yes",
                        () -> new org.apache.hc.client5.http.ConnectTimeoutException("Connect to http://10.255.255.1:80 failed: Connect timed out"));
    }

    // ------------------------------------------------------------------------------------------ Feign
    /** A downstream API as Feign describes it. */
    public interface Api {
        @feign.RequestLine("GET /status/{code}")
        String status(@feign.Param("code") int code);

        @feign.RequestLine("GET /slow")
        String slow();
    }

    private Api feign(String base) {
        return feign.Feign.builder().retryer(feign.Retryer.NEVER_RETRY)
                .options(new feign.Request.Options(500, TimeUnit.MILLISECONDS, 300, TimeUnit.MILLISECONDS, true))
                .target(Api.class, base);
    }

    private void feign(Cases c) {
        Api api = feign(stubs.http);
        c.library("Feign")
                .thrown("downstream 503 with Retry-After", "external_service 503 high yes", () -> api.status(503))
                .thrown("downstream 500", "external_service 502 high yes", () -> api.status(500))
                .thrown("downstream 404", "external_service 502 high no", () -> api.status(404))
                .thrown("downstream 422", "external_service 502 high no", () -> api.status(422))
                .thrown("connection refused", "external_service 502 high yes", () -> feign("http://127.0.0.1:" + stubs.closedPort).status(200))
                .thrown("read timeout", "timeout 504 high yes", api::slow)
                .built("DecodeException over a Jackson parse error", "external_service 502 high yes",
                        () -> new feign.codec.DecodeException(200, "Error decoding the response",
                                feign.Request.create(feign.Request.HttpMethod.GET, stubs.http + "/bad-json", Map.of(), null, StandardCharsets.UTF_8, null),
                                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character ('o')")));
    }

    // ---------------------------------------------------------------------------------- JAX-RS (Jersey)
    private void jaxrs(Cases c) {
        jakarta.ws.rs.client.Client client = jakarta.ws.rs.client.ClientBuilder.newBuilder()
                .connectTimeout(500, TimeUnit.MILLISECONDS).readTimeout(500, TimeUnit.MILLISECONDS).build();
        c.library("JAX-RS client (Jersey)")
                .thrown("downstream 503 with Retry-After", "external_service 503 high yes",
                        () -> client.target(stubs.http).path("status/503").request().get(String.class))
                .thrown("downstream 404", "external_service 502 high no",
                        () -> client.target(stubs.http).path("status/404").request().get(String.class))
                .thrown("downstream 500", "external_service 502 high yes",
                        () -> client.target(stubs.http).path("status/500").request().get(String.class))
                .thrown("connection refused", "external_service 502 high yes",
                        () -> client.target("http://127.0.0.1:" + stubs.closedPort).request().get(String.class));
    }

    // ------------------------------------------------------------------------------------------- JJWT
    private void jjwt(Cases c) {
        SecretKey key = io.jsonwebtoken.Jwts.SIG.HS256.key().build();
        SecretKey other = io.jsonwebtoken.Jwts.SIG.HS256.key().build();
        String expired = io.jsonwebtoken.Jwts.builder().subject("alice").expiration(Date.from(Instant.now().minusSeconds(60))).signWith(key).compact();
        String valid = io.jsonwebtoken.Jwts.builder().subject("alice").signWith(key).compact();
        c.library("JJWT")
                .thrown("ExpiredJwtException", "authentication 401 medium no",
                        () -> io.jsonwebtoken.Jwts.parser().verifyWith(key).build().parseSignedClaims(expired))
                .thrown("SignatureException", "authentication 401 medium no",
                        () -> io.jsonwebtoken.Jwts.parser().verifyWith(other).build().parseSignedClaims(valid))
                .thrown("MalformedJwtException", "authentication 401 medium no",
                        () -> io.jsonwebtoken.Jwts.parser().verifyWith(key).build().parseSignedClaims("not.a.jwt"))
                .thrown("WeakKeyException (a configuration bug)", "internal 500 high no",
                        () -> io.jsonwebtoken.security.Keys.hmacShaKeyFor(new byte[10]));
    }

    // ---------------------------------------------------------------------------------------- java-jwt
    private void javaJwt(Cases c) {
        com.auth0.jwt.algorithms.Algorithm alg = com.auth0.jwt.algorithms.Algorithm.HMAC256("a-secret-of-thirty-two-bytes-at-least!");
        com.auth0.jwt.algorithms.Algorithm other = com.auth0.jwt.algorithms.Algorithm.HMAC256("another-secret-of-thirty-two-bytes-at-least");
        String expired = com.auth0.jwt.JWT.create().withSubject("alice").withExpiresAt(Instant.now().minusSeconds(60)).sign(alg);
        String valid = com.auth0.jwt.JWT.create().withSubject("alice").sign(alg);
        c.library("java-jwt")
                .thrown("TokenExpiredException", "authentication 401 medium no", () -> com.auth0.jwt.JWT.require(alg).build().verify(expired))
                .thrown("SignatureVerificationException", "authentication 401 medium no", () -> com.auth0.jwt.JWT.require(other).build().verify(valid))
                .thrown("JWTDecodeException", "authentication 401 medium no", () -> com.auth0.jwt.JWT.decode("garbage"))
                .built("JWTCreationException", "internal 500 high no",
                        () -> new com.auth0.jwt.exceptions.JWTCreationException("Some of the Claims couldn't be converted to a valid JSON format.", null));
    }

    // -------------------------------------------------------------------------------------- Nimbus JOSE
    private void nimbus(Cases c) {
        byte[] secret = new byte[32];
        byte[] otherSecret = new byte[32];
        new SecureRandom().nextBytes(secret);
        new SecureRandom().nextBytes(otherSecret);
        c.library("Nimbus JOSE + JWT")
                .thrown("expired JWT (BadJWTException)", "authentication 401 medium no",
                        () -> new DefaultJWTClaimsVerifier<SecurityContext>(null, null).verify(new JWTClaimsSet.Builder().subject("alice")
                                .expirationTime(Date.from(Instant.now().minusSeconds(600))).build(), null))
                .thrown("invalid signature (BadJWSException)", "authentication 401 medium no", () -> {
                    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("alice").build());
                    jwt.sign(new MACSigner(secret));
                    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
                    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(otherSecret)));
                    processor.process(jwt, null);
                })
                .built("RemoteKeySourceException (JWK set unreachable)", "external_service 502 high yes",
                        () -> new com.nimbusds.jose.RemoteKeySourceException("Couldn't retrieve remote JWK set: Connection refused", new ConnectException("Connection refused")));
    }

    // --------------------------------------------------------------------------------------- Jackson 2
    /** A request body. */
    public record Video(String title, int minutes) {
    }

    /** A type Jackson cannot build (no creator): a bug, not bad input. */
    public static final class NoCreator {
        private NoCreator(String ignored) {
        }
    }

    private void jackson2(Cases c) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.ObjectMapper limited = com.fasterxml.jackson.databind.json.JsonMapper.builder(
                com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxNestingDepth(5).maxDocumentLength(200).maxStringLength(50).build()).build()).build();
        c.library("Jackson 2")
                .thrown("JsonParseException", "validation 400 low no", () -> mapper.readTree("{\"title\": oops}"))
                .thrown("JsonEOFException (truncated)", "validation 400 low no", () -> mapper.readTree("{\"title\": \"a"))
                .thrown("MismatchedInputException", "validation 400 low no", () -> mapper.readValue("\"twelve\"", Video.class))
                .thrown("InvalidFormatException", "validation 400 low no", () -> mapper.readValue("{\"title\":\"a\",\"minutes\":\"ten\"}", Video.class))
                .thrown("UnrecognizedPropertyException", "validation 400 low no", () -> mapper.readValue("{\"title\":\"a\",\"rating\":5}", Video.class))
                .thrown("StreamConstraintsException: nesting depth", "validation 400 low no", () -> limited.readTree("[[[[[[[[1]]]]]]]]"))
                .thrown("StreamConstraintsException: string length", "validation 400 low no",
                        () -> limited.readTree("{\"t\":\"" + "x".repeat(60) + "\"}"))
                .thrown("StreamConstraintsException: document length", "payload_too_large 413 low no",
                        () -> limited.readTree("[" + "1,".repeat(150) + "1]"))
                .thrown("InvalidDefinitionException: an abstract type (a bug)", "internal 500 high no", () -> mapper.readValue("{}", Runnable.class))
                .miss("a class without a creator (a bug)", "internal 500 high no",
                        "Jackson 2 throws MismatchedInputException for it, the class it throws for a body of the wrong shape; only the "
                                + "message tells them apart, and the classifier does not guess from messages",
                        () -> Corpus.thrownBy(() -> mapper.readValue("{}", NoCreator.class)));
    }

    // --------------------------------------------------------------------------------------- Jackson 3
    private void jackson3(Cases c) {
        tools.jackson.databind.json.JsonMapper mapper = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        tools.jackson.databind.json.JsonMapper limited = tools.jackson.databind.json.JsonMapper.builder(
                tools.jackson.core.json.JsonFactory.builder().streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder()
                        .maxNestingDepth(5).maxDocumentLength(200).build()).build()).build();
        c.library("Jackson 3")
                .thrown("StreamReadException", "validation 400 low no", () -> mapper.readTree("{\"title\": oops}"))
                .thrown("MismatchedInputException", "validation 400 low no", () -> mapper.readValue("\"twelve\"", Video.class))
                .thrown("unknown property (FAIL_ON_UNKNOWN_PROPERTIES)", "validation 400 low no",
                        () -> mapper.readValue("{\"title\":\"a\",\"rating\":5}", Video.class))
                .thrown("StreamConstraintsException: nesting depth", "validation 400 low no", () -> limited.readTree("[[[[[[[[1]]]]]]]]"))
                .thrown("StreamConstraintsException: document length", "payload_too_large 413 low no",
                        () -> limited.readTree("[" + "1,".repeat(150) + "1]"))
                .thrown("InvalidDefinitionException (a bug)", "internal 500 high no", () -> mapper.readValue("{}", NoCreator.class));
    }

    // --------------------------------------------------------------------------------- Bean Validation
    /** A bean with constraints. */
    public static final class Signup {
        @jakarta.validation.constraints.NotBlank
        public String name = "";
        @jakarta.validation.constraints.Email
        public Integer email = 3;
    }

    /** A bean with a valid constraint on its one field. */
    public static final class Named {
        @jakarta.validation.constraints.NotBlank
        public String name = " ";
    }

    private void beanValidation(Cases c) {
        jakarta.validation.Validator validator = jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator();
        c.library("Hibernate Validator")
                .built("ConstraintViolationException", "validation 400 low no",
                        () -> new jakarta.validation.ConstraintViolationException(validator.validate(new Named())))
                .thrown("UnexpectedTypeException (a bug: @Email on an Integer)", "internal 500 high no", () -> validator.validate(new Signup()));
    }

    // ------------------------------------------------------------------------------------ Resilience4j
    private void resilience4j(Cases c) {
        c.library("Resilience4j")
                .thrown("CallNotPermittedException", "external_service 503 high yes", () -> {
                    io.github.resilience4j.circuitbreaker.CircuitBreaker breaker = io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("billing");
                    breaker.transitionToOpenState();
                    breaker.executeRunnable(() -> { });
                })
                .thrown("BulkheadFullException", "resource_exhausted 503 critical yes", () -> {
                    io.github.resilience4j.bulkhead.Bulkhead bulkhead = io.github.resilience4j.bulkhead.Bulkhead.of("reports",
                            io.github.resilience4j.bulkhead.BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());
                    bulkhead.acquirePermission();
                    bulkhead.acquirePermission();
                })
                .thrown("RequestNotPermitted", "rate_limited 429 medium yes", () -> {
                    io.github.resilience4j.ratelimiter.RateLimiter limiter = io.github.resilience4j.ratelimiter.RateLimiter.of("search",
                            io.github.resilience4j.ratelimiter.RateLimiterConfig.custom().limitForPeriod(1).limitRefreshPeriod(Duration.ofHours(1))
                                    .timeoutDuration(Duration.ZERO).build());
                    limiter.executeRunnable(() -> { });
                    limiter.executeRunnable(() -> { });
                })
                .thrown("Retry: MaxRetriesExceededException", "external_service 502 high yes", () -> {
                    io.github.resilience4j.retry.Retry retry = io.github.resilience4j.retry.Retry.of("quotes",
                            io.github.resilience4j.retry.RetryConfig.<String>custom().maxAttempts(2).waitDuration(Duration.ofMillis(1))
                                    .retryOnResult("busy"::equals).failAfterMaxAttempts(true).build());
                    retry.executeSupplier(() -> "busy");
                })
                .thrown("TimeLimiter timeout", "timeout 504 high yes", () -> io.github.resilience4j.timelimiter.TimeLimiter.of(Duration.ofMillis(50))
                        .executeFutureSupplier(() -> new CompletableFuture<String>()));
    }
}
