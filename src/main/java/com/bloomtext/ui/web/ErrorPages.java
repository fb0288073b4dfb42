package com.bloomtext.ui.web;

import java.util.Map;

import com.bloomtext.shared.Failures;
import com.bloomtext.shared.NotFoundException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
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
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
            // /error asked for directly, not as the container's error dispatch: there is no page there.
            return page(HttpStatus.NOT_FOUND);
        }
        if (status.value() == 500 && databaseUnavailable((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
            // Failed before any controller ran (the session store, say): the same 503 as FailureAdvice gives.
            return page(HttpStatus.SERVICE_UNAVAILABLE);
        }
        if (status.value() == 413) {
            ModelAndView page = new ModelAndView(VIEW, status);
            page.addObject("page", new ErrorPage(413, "That file is too large",
                    "Uploads can be up to " + maxUpload + ". Choose a smaller file and try again."));
            return page;
        }
        return page(status);
    }

    /**
     * Whether a failure means the database could not be reached: a connection failure anywhere in the
     * chain (SQL state class 08, or 57P: the server shutting down), however Spring wrapped it.
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException || cause instanceof java.sql.SQLTransientConnectionException
                    // commit or rollback on a connection the server cut (the session store's, after the handler)
                    || cause instanceof org.springframework.transaction.TransactionSystemException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
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
         * The database could not be reached (restarting, failing over): nothing of the request was stored,
         * and trying again shortly is the right advice, so 503 rather than 500.
         */
        @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
                CannotCreateTransactionException.class, org.springframework.transaction.TransactionSystemException.class})
        @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
        ModelAndView databaseUnavailable(Exception failure, HttpServletRequest request) {
            return databaseUnavailable((Throwable) failure, request);
        }

        private ModelAndView databaseUnavailable(Throwable failure, HttpServletRequest request) {
            // The route's pattern, not its path: a portal path carries the secure link's token.
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            log.warn("Request {} {} found the database unavailable: {}", request.getMethod(), route == null ? "(unmapped)" : route,
                    Failures.describe(failure));
            return page(HttpStatus.SERVICE_UNAVAILABLE);
        }

        /**
         * A database failure's message quotes the values involved (a duplicate key's MRN, a phone number):
         * logged by type and SQL state only, instead of the container's full stack trace. The route is logged
         * as its pattern ("/p/{token}"), never the path: a path can hold a secure link's token.
         */
        @ExceptionHandler(DataAccessException.class)
        ModelAndView databaseFailure(DataAccessException failure, HttpServletRequest request) {
            if (ErrorPages.databaseUnavailable(failure)) {
                return databaseUnavailable(failure, request);
            }
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            log.error("Request {} {} failed in the database: {}", request.getMethod(), route == null ? "(unmapped)" : route,
                    Failures.describe(failure));
            return page(HttpStatus.INTERNAL_SERVER_ERROR);
        }

        /**
         * An upload the application could not read (a part's header Spring cannot parse, as only a hostile
         * client sends): the client's fault, a 400 page, not a 500. Too large stays 413, with its own page.
         */
        @ExceptionHandler(MultipartException.class)
        void unreadableUpload(MultipartException failure, HttpServletResponse response) throws java.io.IOException {
            response.sendError(failure instanceof MaxUploadSizeExceededException ? HttpStatus.PAYLOAD_TOO_LARGE.value()
                    : HttpStatus.BAD_REQUEST.value());
        }
    }
}
