package com.bloomtext.shared.web;

import com.bloomtext.testing.IntegrationTest;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Each open connection (a live stream per open page) keeps Tomcat's socket buffers at the configured size. */
class ConnectionBuffersTests extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void theConnectorsSocketBuffersAreTheConfiguredSize() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize"))).isEqualTo("4096");
        assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize"))).isEqualTo("4096");
        // The header limit is not part of it: a request may still bring 8 KB of headers.
        assertThat(String.valueOf(connector.getProperty("maxHttpRequestHeaderSize"))).isEqualTo("8192");
    }
}
