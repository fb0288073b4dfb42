package com.bloomtext.shared.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The memory Tomcat keeps for each open connection. Every open inbox or conversation page holds a connection
 * (its live stream) for as long as it is open, so what a connection keeps is multiplied by the open pages:
 * Tomcat's socket read and write buffers (8 KB each by default; the request header buffer is sized header limit
 * plus read buffer) are set by {@code bloomtext.web.connection.read-buffer} and {@code write-buffer}. Larger
 * reads and writes (uploads, big pages) go straight between the socket and the request's own buffers in pieces
 * of the read buffer's size, so smaller buffers cost some system calls on uploads, not correctness. The header
 * limit ({@code server.max-http-request-header-size}) stays Spring Boot's 8 KB.
 */
@Component
class ConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final DataSize readBuffer;
    private final DataSize writeBuffer;

    ConnectionBuffers(@Value("${bloomtext.web.connection.read-buffer:4KB}") DataSize readBuffer,
            @Value("${bloomtext.web.connection.write-buffer:4KB}") DataSize writeBuffer) {
        if (readBuffer.toBytes() < 1024 || writeBuffer.toBytes() < 1024) {
            throw new IllegalArgumentException("bloomtext.web.connection buffers must be at least 1KB");
        }
        this.readBuffer = readBuffer;
        this.writeBuffer = writeBuffer;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Long.toString(readBuffer.toBytes()));
            connector.setProperty("socket.appWriteBufSize", Long.toString(writeBuffer.toBytes()));
        });
    }
}
