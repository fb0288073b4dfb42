package com.bloomtext.ui.web;

import java.util.Map;

import com.bloomtext.shared.Failures;
import com.bloomtext.shared.NotFoundException;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/** One calm error page for every status, that says what happened without echoing anything back. */
@Component
class ErrorPages implements ErrorViewResolver {

    static final String VIEW = "ui/error";

    private final String maxUpload;

    ErrorPages(@Value("${spring.servlet.multipart.max-file-size:30MB}") String maxUpload) {
        this.maxUpload = maxUpload;
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        if (status.value() == 413) {
            ModelAndView page = new ModelAndView(VIEW, status);
            page.addObject("page", new ErrorPage(413, "That file is too large",
                    "Uploads can be up to " + maxUpload + ". Choose a smaller file and try again."));
            return page;
        }
        return page(status);
    }

    static ModelAndView page(HttpStatus status) {
        ModelAndView page = new ModelAndView(VIEW, status);
        page.addObject("page", ErrorPage.of(status));
        return page;
    }

    @ControllerAdvice
    static class FailureAdvice {

        private static final Logger log = LoggerFactory.getLogger(FailureAdvice.class);

        @ExceptionHandler(NotFoundException.class)
        @ResponseStatus(HttpStatus.NOT_FOUND)
        ModelAndView notFound() {
            return page(HttpStatus.NOT_FOUND);
        }

        /**
         * A database failure's message quotes the values involved (a duplicate key's MRN, a phone number):
         * logged by type and SQL state only, instead of the container's full stack trace. The route is logged
         * as its pattern ("/p/{token}"), never the path: a path can hold a secure link's token.
         */
        @ExceptionHandler(DataAccessException.class)
        @ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
        ModelAndView databaseFailure(DataAccessException failure, HttpServletRequest request) {
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            log.error("Request {} {} failed in the database: {}", request.getMethod(), route == null ? "(unmapped)" : route,
                    Failures.describe(failure));
            return page(HttpStatus.INTERNAL_SERVER_ERROR);
        }
    }
}
