package dev.faultline.examples.spring;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;

/**
 * Videos in an in-memory H2 database, over plain JDBC, as the other examples keep them; a simulated
 * outage makes every query fail with a real {@code SQLException}. Thread-safe.
 */
final class VideoStore implements AutoCloseable {

    static final int MAX_LIST = 100;
    private static final String COLUMNS = "id, title, template_id, script_length, owner, created_at";

    /** A stored video. */
    record Video(String id, String title, String templateId, int scriptLength, String owner, Instant createdAt) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("title", title);
            json.put("template_id", templateId);
            json.put("script_length", scriptLength);
            json.put("owner", owner);
            json.put("created_at", createdAt.toString());
            return json;
        }
    }

    private final JdbcConnectionPool pool;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<@Nullable Instant> downSince = new AtomicReference<>();

    private VideoStore(JdbcConnectionPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    static VideoStore open(String url, Clock clock) throws SQLException {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(16);
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
        return new VideoStore(pool, clock);
    }

    void ping() throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            if (!rs.next()) {
                throw new SQLException("SELECT 1 answered nothing");
            }
        }
    }

    Video create(String title, String templateId, String script, String owner) throws SQLException {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        Video video = new Video("vid_" + HexFormat.of().formatHex(bytes), title, templateId,
                script.codePointCount(0, script.length()), owner, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO videos (id, title, template_id, script, script_length, owner, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, video.id());
            ps.setString(2, title);
            ps.setString(3, templateId);
            ps.setString(4, script);
            ps.setInt(5, video.scriptLength());
            ps.setString(6, owner);
            ps.setObject(7, OffsetDateTime.ofInstant(video.createdAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
        return video;
    }

    Optional<Video> find(String id) throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM videos WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    List<Video> latest() throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
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

    boolean delete(String id) throws SQLException {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM videos WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** Starts ({@code true}) or ends a simulated outage; whether that changed anything. */
    boolean outage(boolean down) {
        return down ? downSince.compareAndSet(null, clock.instant()) : downSince.getAndSet(null) != null;
    }

    Optional<Instant> downSince() {
        return Optional.ofNullable(downSince.get());
    }

    private Connection connection() throws SQLException {
        Connection c = pool.getConnection();
        if (downSince.get() == null) {
            return c;
        }
        try (c; Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM simulated_outage"); // no such table: H2 throws
        } catch (SQLException h2) {
            throw new SQLNonTransientConnectionException("the database is unreachable (simulated outage)", "08006", h2);
        }
        throw new SQLException("the database is down (simulated), yet the outage query succeeded");
    }

    private static Video read(ResultSet rs) throws SQLException {
        return new Video(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant());
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
