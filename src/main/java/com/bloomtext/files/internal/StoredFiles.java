package com.bloomtext.files.internal;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.files.FileId;
import com.bloomtext.files.StoredFile;
import com.bloomtext.shared.OrgId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored files' metadata and wrapped keys, always by organization. */
@Repository
class StoredFiles {

    private final JdbcClient jdbc;

    StoredFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(StoredFile file, byte[] wrappedKey, String storageKey) {
        jdbc.sql("""
                        insert into stored_file (id, organization_id, content_type, size_bytes, sha256, wrapped_key,
                                                 storage_key, created_at)
                        values (:id, :org, :type, :size, :sha256, :key, :storage, :at)""")
                .param("id", file.id().value()).param("org", file.organization().value())
                .param("type", file.contentType()).param("size", file.size()).param("sha256", file.sha256())
                .param("key", wrappedKey).param("storage", storageKey).param("at", Timestamp.from(file.storedAt()))
                .update();
    }

    Optional<StoredFile> find(OrgId org, FileId id) {
        return jdbc.sql("""
                        select id, organization_id, content_type, size_bytes, sha256, created_at
                        from stored_file where organization_id = :org and id = :id""")
                .param("org", org.value()).param("id", id.value())
                .query((rs, n) -> new StoredFile(new FileId(rs.getObject("id", UUID.class)),
                        new OrgId(rs.getObject("organization_id", UUID.class)), rs.getString("content_type"),
                        rs.getLong("size_bytes"), rs.getString("sha256"), rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    /** The wrapped data key and where the bytes are. */
    record Sealing(byte[] wrappedKey, String storageKey) {
    }

    Optional<Sealing> sealing(OrgId org, FileId id) {
        return jdbc.sql("select wrapped_key, storage_key from stored_file where organization_id = :org and id = :id")
                .param("org", org.value()).param("id", id.value())
                .query((rs, n) -> new Sealing(rs.getBytes("wrapped_key"), rs.getString("storage_key")))
                .optional();
    }

    boolean remove(OrgId org, FileId id) {
        return jdbc.sql("delete from stored_file where organization_id = :org and id = :id")
                .param("org", org.value()).param("id", id.value()).update() > 0;
    }
}
