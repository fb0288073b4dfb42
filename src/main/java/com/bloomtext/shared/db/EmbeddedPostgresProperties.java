package com.bloomtext.shared.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL that BloomText starts itself when no {@code spring.datasource.url} is configured.
 *
 * @param dataDirectory where the cluster lives across restarts; blank means a throw-away temporary
 *                      cluster (what the tests use)
 * @param database      the database the application uses inside that cluster
 */
@ConfigurationProperties("bloomtext.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("./data/postgres") String dataDirectory,
        @DefaultValue("bloomtext") String database) {

    boolean temporary() {
        return dataDirectory == null || dataDirectory.isBlank();
    }
}
