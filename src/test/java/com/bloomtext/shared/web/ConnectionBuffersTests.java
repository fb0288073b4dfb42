package com.bloomtext.shared.web;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each open connection (a live stream per open page) keeps Tomcat's buffers at the configured sizes; a page
 * longer than the response buffer and a request with large headers still work.
 */
class ConnectionBuffersTests extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void theConnectorsBuffersAreTheConfiguredSize() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize"))).isEqualTo("4096");
        assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize"))).isEqualTo("4096");
        assertThat(String.valueOf(connector.getProperty("responseBufferSize"))).isEqualTo("4096");
        assertThat(connector.getProtocolHandler().getDesiredBufferSize()).isEqualTo(4096);
        assertThat(String.valueOf(connector.getProperty("maxHttpResponseHeaderSize"))).isEqualTo("4096");
        // The header limit is not part of it: a request may still bring 8 KB of headers.
        assertThat(String.valueOf(connector.getProperty("maxHttpRequestHeaderSize"))).isEqualTo("8192");
    }

    @Test
    void aPageLongerThanTheResponseBufferArrivesWholeAndSevenKilobytesOfHeadersAreAccepted() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/sign-in"))
                .header("X-Padding", "p".repeat(7 * 1024)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().strip()).endsWith("</html>");
        StaffAgent admin = newOrganization("Buffers Clinic").admin();
        String inbox = admin.get("/inbox").body();
        assertThat(inbox.length()).as("the inbox page is longer than the 4 KB buffer").isGreaterThan(4096);
        assertThat(inbox.strip()).endsWith("</html>");
        // The response header buffer (4 KB) has room to spare for a signed-in page's headers.
        var headers = admin.get("/inbox").headers();
        int headerBytes = headers.entrySet().stream().mapToInt(h -> h.getValue().stream()
                .mapToInt(v -> h.getKey().length() + v.length() + 4).sum()).sum();
        assertThat(headerBytes).isLessThan(2048);
    }
}
