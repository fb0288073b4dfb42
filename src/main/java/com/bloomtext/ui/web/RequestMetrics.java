package com.bloomtext.ui.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * The {@code http.server.requests} timer with the same name and tags as before (method, uri template, status, outcome,
 * exception, error: Spring's and Micrometer's defaults), for less work per request. {@code RequestCostProbe} put the
 * observation around a signed-in send at 5-6% of its CPU samples; the pieces taken out:
 * <ul>
 * <li>the registry lookup of the timer on every request (its tags sorted into a new meter id, then a map lookup):
 * {@link RequestTimers} keeps the timer per tag set it has met (route templates and statuses: a few hundred);</li>
 * <li>the high-cardinality {@code http.url} key (the request's path; for the patient portal it holds a secure link's
 * token) and the contextual name ("http post /inbox/c/{id}/messages", a new string each request): only a tracer
 * reads them, and none is configured;</li>
 * <li>the {@code http.server.requests.active} long task timer, whose tags were computed and looked up a second time as
 * each request started ({@code management.metrics.observations.ignored-meters} in application.yml).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class RequestMetrics {

    @Bean
    ServerRequestObservationConvention serverRequestObservationConvention(
            @Value("${management.observations.http.server.requests.name:http.server.requests}") String name) {
        return new DefaultServerRequestObservationConvention(name) {
            @Override
            public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
                return KeyValues.empty();
            }

            @Override
            public String getContextualName(ServerRequestObservationContext context) {
                return null;
            }
        };
    }

    /** Ahead of Boot's default meter handler, which still times every other observation. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    MeterObservationHandler<ServerRequestObservationContext> requestTimers(MeterRegistry registry) {
        return new RequestTimers(registry);
    }

    /**
     * Micrometer's {@code DefaultMeterObservationHandler} for server requests (same meter: name, the low-cardinality
     * tags and {@code error}), with each timer kept once found. Up to {@link #KEPT} tag sets are kept; past that, each
     * request looks its timer up in the registry as before.
     */
    static final class RequestTimers implements MeterObservationHandler<ServerRequestObservationContext> {

        static final int KEPT = 2_000;

        private final MeterRegistry registry;
        private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

        RequestTimers(MeterRegistry registry) {
            this.registry = registry;
        }

        private record Key(String name, KeyValues tags, String error) {
        }

        @Override
        public void onStart(ServerRequestObservationContext context) {
            context.put(Timer.Sample.class, Timer.start(registry));
        }

        @Override
        public void onStop(ServerRequestObservationContext context) {
            Throwable failure = context.getError();
            String error = failure != null ? failure.getClass().getSimpleName() : KeyValue.NONE_VALUE;
            Key key = new Key(context.getName(), context.getLowCardinalityKeyValues(), error);
            Timer timer = timers.get(key);
            if (timer == null) {
                List<Tag> tags = new ArrayList<>();
                for (KeyValue keyValue : key.tags()) {
                    tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
                }
                tags.add(Tag.of("error", error));
                timer = registry.timer(key.name(), tags);
                if (timers.size() < KEPT) {
                    timers.putIfAbsent(key, timer);
                }
            }
            Timer.Sample sample = context.getRequired(Timer.Sample.class);
            sample.stop(timer);
        }

        @Override
        public void onEvent(Observation.Event event, ServerRequestObservationContext context) {
            List<Tag> tags = new ArrayList<>();
            for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
                tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
            }
            registry.counter(context.getName() + "." + event.getName(), tags).increment();
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof ServerRequestObservationContext;
        }
    }
}
