package com.bloomtext.shared.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.bloomtext.testing.IntegrationTest;

import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests run on Tomcat's pool of platform threads; the application's task executor stays on virtual threads; the
 * setting takes platform or virtual and says so when it is anything else.
 */
class RequestThreadsTests extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    @Qualifier("applicationTaskExecutor")
    AsyncTaskExecutor taskExecutor;

    @Test
    void requestsRunOnTomcatsPoolOfPlatformThreadsAndTheTaskExecutorOnVirtualOnes() throws Exception {
        var executor = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler()
                .getExecutor();
        assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
        assertThat(((ThreadPoolExecutor) executor).getMaximumPoolSize()).isEqualTo(200);
        var ranOn = new CompletableFuture<Thread>();
        ((ThreadPoolExecutor) executor).execute(() -> ranOn.complete(Thread.currentThread()));
        assertThat(ranOn.get(10, TimeUnit.SECONDS).isVirtual()).isFalse();
        // A page still works on them.
        assertThat(newOrganization("Threads Clinic").admin().get("/inbox").status()).isEqualTo(200);

        var task = new CompletableFuture<Thread>();
        taskExecutor.execute(() -> task.complete(Thread.currentThread()));
        assertThat(task.get(10, TimeUnit.SECONDS).isVirtual()).isTrue();
    }

    @Test
    void virtualKeepsSpringBootsVirtualThreadExecutorAndAnythingElseIsRefused() {
        var factory = new TomcatServletWebServerFactory();
        new RequestThreads(" Virtual ").customize(factory);
        assertThat(factory.getProtocolHandlerCustomizers()).isEmpty();
        new RequestThreads("platform").customize(factory);
        var handler = new ConnectionBuffers.Http11Protocol();
        handler.setExecutor(new VirtualThreadExecutor("tomcat-handler-"));
        for (var customizer : factory.getProtocolHandlerCustomizers()) {
            @SuppressWarnings("unchecked")
            var forAnyHandler = (TomcatProtocolHandlerCustomizer<ProtocolHandler>) customizer;
            forAnyHandler.customize(handler);
        }
        assertThat(handler.getExecutor()).isNull();

        assertThatThrownBy(() -> new RequestThreads("green"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bloomtext.web.request-threads must be platform or virtual, not 'green'");
    }
}
