package com.bloomtext.shared.web;

import org.apache.coyote.http11.Http11NioProtocol;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The memory Tomcat keeps for each open connection. Every open inbox or conversation page holds a connection
 * (its live stream) for as long as it is open, so what a connection keeps is multiplied by the open pages:
 * <ul>
 * <li>Tomcat's socket read and write buffers (8 KB each by default; the request header buffer is sized header
 * limit plus read buffer): {@code bloomtext.web.connection.read-buffer} and {@code write-buffer}. Larger reads
 * and writes (uploads, big pages) go straight between the socket and the request's own buffers in pieces of the
 * read buffer's size, so smaller buffers cost some system calls on uploads, not correctness.</li>
 * <li>The response's output buffer (8 KB of bytes and 8 K chars, 24 KB, by default):
 * {@code bloomtext.web.connection.response-buffer}. A page longer than it is sent in pieces of its size; pages
 * are rendered straight into the response, so a page already longer than 8 KB was never all buffered (what
 * goes wrong while rendering shows as the error page only before the first piece is sent).</li>
 * </ul>
 * The request header limit ({@code server.max-http-request-header-size}) stays Spring Boot's 8 KB; the response
 * header buffer is {@code server.tomcat.max-http-response-header-size} (application.yml).
 */
@Component
class ConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final DataSize readBuffer;
    private final DataSize writeBuffer;
    private final DataSize responseBuffer;

    ConnectionBuffers(@Value("${bloomtext.web.connection.read-buffer:4KB}") DataSize readBuffer,
            @Value("${bloomtext.web.connection.write-buffer:4KB}") DataSize writeBuffer,
            @Value("${bloomtext.web.connection.response-buffer:4KB}") DataSize responseBuffer) {
        if (readBuffer.toBytes() < 1024 || writeBuffer.toBytes() < 1024 || responseBuffer.toBytes() < 1024) {
            throw new IllegalArgumentException("bloomtext.web.connection buffers must be at least 1KB");
        }
        this.readBuffer = readBuffer;
        this.writeBuffer = writeBuffer;
        this.responseBuffer = responseBuffer;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(Http11Protocol.class.getName());
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Long.toString(readBuffer.toBytes()));
            connector.setProperty("socket.appWriteBufSize", Long.toString(writeBuffer.toBytes()));
            connector.setProperty("responseBufferSize", Long.toString(responseBuffer.toBytes()));
        });
    }

    /**
     * Tomcat's HTTP/1.1 protocol (NIO) with the response buffer's size as a setting: Tomcat sizes each
     * connection's response buffer from {@link #getDesiredBufferSize()}, which its own protocols leave at the
     * default (8 KB). Tomcat creates it by its class name, hence public.
     */
    public static class Http11Protocol extends Http11NioProtocol {

        private int responseBufferSize = -1;

        public void setResponseBufferSize(int size) {
            this.responseBufferSize = size;
        }

        public int getResponseBufferSize() {
            return responseBufferSize;
        }

        @Override
        public int getDesiredBufferSize() {
            return responseBufferSize;
        }
    }
}
