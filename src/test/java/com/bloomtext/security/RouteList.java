package com.bloomtext.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every route the application maps, as "METHOD /pattern", from Spring MVC's handler mappings. */
public final class RouteList {

    private RouteList() {
    }

    public static Set<String> of(List<RequestMappingHandlerMapping> mappings) {
        Set<String> routes = new TreeSet<>();
        for (RequestMappingHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                List<String> methods = new ArrayList<>();
                info.getMethodsCondition().getMethods().forEach(method -> methods.add(method.name()));
                if (methods.isEmpty()) {
                    methods.add(RequestMethod.GET.name());
                }
                for (String pattern : info.getPatternValues()) {
                    methods.forEach(method -> routes.add(method + " " + pattern));
                }
            }
        }
        return routes;
    }
}
