package dev.faultline.examples;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;

/**
 * Videos in an embedded H2 database over plain JDBC. Each call borrows a connection from H2's own
 * bounded pool ({@value #MAX_CONNECTIONS} connections; a caller waits at most
 * {@value #POOL_WAIT_SECONDS} s for one, then gets an {@link SQLException}) and gives it back.
 *
 * <p>{@link SQLException}s are not translated: they propagate so that Faultline's classifier sees the
 * real exception (a database failure, 503).
 *
 * <p><b>Simulated outage</b> (demo only, {@code POST /admin/database?state=down}): while
 * {@link #outage(boolean) down}, every call, {@link #ping()} included, still borrows a pooled
 * connection but then runs {@value #OUTAGE_STATEMENT}, a statement on a table that does not exist, and
 * fails as a driver fails on a database it cannot reach: an {@link SQLNonTransientConnectionException}
 * with SQLState 08006 (connection failure), with H2's own exception for the statement as its cause (on its
 * own, a missing table is a bug, not an outage, and is classified so). The URLs the API serves stay the same, so
 * that Faultline's stale-if-error cache (keyed by path and query) can answer for them.
 *
 * <p>Thread-safe.
 */
public final class VideoRepository implements AutoCloseable {

    /** The default database: in memory, kept while the JVM lives. */
    public static final String DEFAULT_URL = "jdbc:h2:mem:videos;DB_CLOSE_DELAY=-1";

    /** How many videos {@link #latest} returns at most. */
    public static final int MAX_LIST = 100;

    static final int MAX_CONNECTIONS = 16;
    static final int POOL_WAIT_SECONDS = 5;

    /** What every call runs instead of its own statement while the database is down. */
    static final String OUTAGE_STATEMENT = "SELECT 1 FROM simulated_outage";

    private static final String COLUMNS = "id, title, template_id, script_length, owner, created_at";

    private final JdbcConnectionPool pool;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<@Nullable Instant> downSince = new AtomicReference<>();
    private final LongAdder calls = new LongAdder();

    private VideoRepository(JdbcConnectionPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Opens the database at {@code jdbcUrl} and creates the schema if it is missing.
     *
     * @throws SQLException if the database cannot be opened or the schema not created
     */
    public static VideoRepository open(String jdbcUrl, Clock clock) throws SQLException {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(clock, "clock");
        JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        pool.setMaxConnections(MAX_CONNECTIONS);
        pool.setLoginTimeout(POOL_WAIT_SECONDS);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS videos (
                        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        id VARCHAR(32) NOT NULL UNIQUE,
                        title VARCHAR(200) NOT NULL,
                        template_id VARCHAR(64) NOT NULL,
                        script CHARACTER LARGE OBJECT NOT NULL,
                        script_length INTEGER NOT NULL,
                        owner VARCHAR(64) NOT NULL,
                        created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL
                    )""");
        } catch (SQLException e) {
            pool.dispose();
            throw e;
        }
        return new VideoRepository(pool, clock);
    }

    /** The connection source, for code that runs its own statements (the failure simulator). */
    DataSource dataSource() {
        return pool;
    }

    /**
     * Checks the database the way the application uses it: borrows a pooled connection and runs
     * {@code SELECT 1} with a one-second query timeout (JDBC counts whole seconds). For the
     * {@code database} health check.
     *
     * @return the pool's figures afterwards
     * @throws SQLException if no connection can be had or the statement fails
     */
    public PoolStatus ping() throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new SQLException("SELECT 1 did not answer 1");
                }
            }
        }
        return new PoolStatus(pool.getActiveConnections(), pool.getMaxConnections());
    }

    /**
     * The connection pool's figures.
     *
     * @param active connections lent out right now
     * @param max the most connections the pool lends
     */
    public record PoolStatus(int active, int max) {
    }

    /** Stores a new video of {@code owner} with a fresh id and the current time. */
    public Video create(String title, String templateId, String script, String owner) throws SQLException {
        Video video = new Video(newId(), title, templateId, script.codePointCount(0, script.length()), owner,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        calls.increment();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO videos (id, title, template_id, script, script_length, owner, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, video.id());
            ps.setString(2, video.title());
            ps.setString(3, video.templateId());
            ps.setString(4, script);
            ps.setInt(5, video.scriptLength());
            ps.setString(6, video.owner());
            ps.setObject(7, OffsetDateTime.ofInstant(video.createdAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
        return video;
    }

    /** Deletes the video with this id; whether there was one. */
    public boolean delete(String id) throws SQLException {
        calls.increment();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM videos WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** The video with this id, if there is one. */
    public Optional<Video> find(String id) throws SQLException {
        calls.increment();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM videos WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The most recently stored videos, newest first, at most {@value #MAX_LIST}. */
    public List<Video> latest() throws SQLException {
        calls.increment();
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM videos ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, MAX_LIST);
            try (ResultSet rs = ps.executeQuery()) {
                List<Video> videos = new ArrayList<>();
                while (rs.next()) {
                    videos.add(read(rs));
                }
                return videos;
            }
        }
    }

    /**
     * Starts ({@code down}) or ends a simulated outage. Idempotent: starting one that is on keeps its
     * start time.
     *
     * @return whether the state changed
     */
    boolean outage(boolean down) {
        if (down) {
            return downSince.compareAndSet(null, clock.instant());
        }
        return downSince.getAndSet(null) != null;
    }

    /** When the simulated outage began, if one is on. */
    Optional<Instant> downSince() {
        return Optional.ofNullable(downSince.get());
    }

    /**
     * How many times the application has called {@link #create}, {@link #delete}, {@link #find} or
     * {@link #latest} (failed calls included, {@link #ping()} not): tests see whether a request reached
     * the application.
     */
    long calls() {
        return calls.sum();
    }

    /**
     * A pooled connection, or, during a simulated outage, the {@link SQLException} of
     * {@value #OUTAGE_STATEMENT} on one (the connection is given back either way).
     */
    private Connection connection() throws SQLException {
        Connection c = pool.getConnection();
        if (downSince.get() == null) {
            return c;
        }
        try (c; Statement s = c.createStatement()) {
            s.executeQuery(OUTAGE_STATEMENT); // no such table: H2 throws
        } catch (SQLException h2) {
            throw new SQLNonTransientConnectionException("the database is unreachable (simulated outage)", "08006", h2);
        }
        throw new SQLException("the database is down (simulated), yet " + OUTAGE_STATEMENT + " succeeded");
    }

    private static Video read(ResultSet rs) throws SQLException {
        Instant created = rs.getObject("created_at", OffsetDateTime.class).toInstant();
        return new Video(rs.getString("id"), rs.getString("title"), rs.getString("template_id"),
                rs.getInt("script_length"), rs.getString("owner"), created);
    }

    private String newId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "vid_" + HexFormat.of().formatHex(bytes);
    }

    /** Closes the pool's connections; the in-memory database itself lives as long as the JVM. */
    @Override
    public void close() {
        pool.dispose();
    }
}
