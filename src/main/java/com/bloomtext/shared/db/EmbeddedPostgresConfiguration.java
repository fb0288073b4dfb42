package com.bloomtext.shared.db;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The embedded default: with no {@code spring.datasource.url}, BloomText runs its own PostgreSQL, so that
 * {@code run} works on a bare machine against the same engine as production. As in production, two users:
 * Flyway migrates as the owner (the cluster's superuser), the application runs as its own role, which the
 * migrations create and grant row access only (so it cannot edit or delete the audit log).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
class EmbeddedPostgresConfiguration {

    /**
     * Destroyed after the data source that depends on it: the moment the embedded server may stop. (Also
     * when a test context closes before the JVM ends; the server stays up for the JVM, see the server.)
     */
    @Bean
    EmbeddedPostgresRelease embeddedPostgresRelease() {
        return new EmbeddedPostgresRelease();
    }

    static final class EmbeddedPostgresRelease implements org.springframework.beans.factory.DisposableBean {

        @Override
        public void destroy() {
            EmbeddedPostgresServer.contextClosed();
        }
    }

    @Bean
    @org.springframework.context.annotation.DependsOn("embeddedPostgresRelease")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresProperties properties,
            @Value("${spring.flyway.placeholders.app_role}") String applicationRole) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedPostgresServer.jdbcUrl(properties));
        dataSource.setUsername(applicationRole);
        return dataSource;
    }

    /** The migrations run as the owner; the embedded cluster trusts local connections, so no password. */
    @Bean
    FlywayConfigurationCustomizer migrateAsOwner(EmbeddedPostgresProperties properties) {
        return configuration -> configuration.dataSource(EmbeddedPostgresServer.jdbcUrl(properties),
                EmbeddedPostgresServer.OWNER, null);
    }

    static class NoDataSourceUrl implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
