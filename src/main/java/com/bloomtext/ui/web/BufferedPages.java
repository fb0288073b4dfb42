package com.bloomtext.ui.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.bloomtext.ui.PageBytes;

import gg.jte.TemplateEngine;
import gg.jte.springframework.boot.autoconfigure.JteProperties;
import gg.jte.springframework.boot.autoconfigure.JteView;
import gg.jte.springframework.boot.autoconfigure.JteViewResolver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.view.AbstractUrlBasedView;

/**
 * Pages are rendered into a buffer and written in one piece, with their length. The starter's view writes each
 * fragment of a template to the servlet writer, through the writer wrappers Spring Session and Spring Security
 * put around the response (each counting characters to notice the commit): in the JFR profile of the
 * benchmark's pages (bench scenario 3) that was about half of the time spent rendering. A page that fails while
 * rendering now sends nothing of itself, so the error page is whole.
 * <p>
 * The page is one byte array ({@link PageBytes}) written in one call: the templates' static parts are compiled to
 * UTF-8 bytes (the JTE plugin's {@code binaryStaticContent}) and copied in, dynamic text is encoded straight into
 * it. Each view starts with room for the largest page it has rendered so far (up to 256 KB), so a page is not
 * copied as it grows.
 */
@Configuration(proxyBeanMethods = false)
class BufferedPages {

    /**
     * Replaces the starter's resolver (same settings), handing out {@link BufferedView}s. Named {@code viewResolver}, so
     * Boot does not put its {@code ContentNegotiatingViewResolver} in front of it: that one asked every resolver for a
     * candidate and matched their content types against the request's Accept header on every page (5.6% of a page's
     * CPU samples in {@code RequestCostProbe}), and chose this resolver's view every time (the first resolver, and the
     * only one with templates; for an Accept it could not satisfy it found none, and the dispatcher then asked the
     * resolvers in order, this one first). Redirects ("redirect:") come from this resolver either way.
     */
    @Bean
    JteViewResolver viewResolver(TemplateEngine templateEngine, JteProperties properties, ShellModel shellModel) {
        return new JteViewResolver(templateEngine, properties) {
            @Override
            protected AbstractUrlBasedView instantiateView() {
                return new BufferedView(templateEngine, shellModel);
            }
        };
    }

    /**
     * A JTE view that renders into UTF-8 bytes and writes them with their Content-Length, with the shell and the CSRF
     * token added to the model when its template declares them ({@link ShellModel}).
     */
    static final class BufferedView extends JteView {

        private static final int MAX_HINT = 256 * 1024;

        private final TemplateEngine templateEngine;
        private final ShellModel shellModel;
        /** The largest page this view has rendered (racy by design: only a starting size). */
        private int sizeHint = 8 * 1024;
        /** What the template takes of {@link ShellModel}'s: read from it once (racy, same answer each time). */
        private Takes takes;

        /** Whether a template declares {@code shell} and {@code csrf} among its parameters. */
        private record Takes(boolean shell, boolean csrf) {
        }

        BufferedView(TemplateEngine templateEngine, ShellModel shellModel) {
            super(templateEngine);
            this.templateEngine = templateEngine;
            this.shellModel = shellModel;
        }

        @Override
        protected void renderMergedTemplateModel(Map<String, Object> model, HttpServletRequest request,
                HttpServletResponse response) throws Exception {
            Takes declared = takes;
            if (declared == null) {
                Map<String, Class<?>> params = templateEngine.getParamInfo(getUrl());
                declared = new Takes(params.containsKey(ShellModel.SHELL), params.containsKey(ShellModel.CSRF));
                takes = declared;
            }
            shellModel.addTo(model, request, declared.shell(), declared.csrf());
            PageBytes output = new PageBytes(sizeHint);
            templateEngine.render(getUrl(), model, output);
            if (output.length() > sizeHint && output.length() <= MAX_HINT) {
                sizeHint = output.length();
            }
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentLength(output.length());
            output.writeTo(response.getOutputStream());
        }
    }
}
