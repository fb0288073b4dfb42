package com.bloomtext.ui.web;

import java.util.Map;

import com.bloomtext.shared.NotFoundException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.ModelAndView;

/** One calm error page for every status, that says what happened without echoing anything back. */
@Component
class ErrorPages implements ErrorViewResolver {

    static final String VIEW = "ui/error";

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        return page(status);
    }

    static ModelAndView page(HttpStatus status) {
        ModelAndView page = new ModelAndView(VIEW, status);
        page.addObject("page", ErrorPage.of(status));
        return page;
    }

    @ControllerAdvice
    static class NotFoundAdvice {

        @ExceptionHandler(NotFoundException.class)
        @ResponseStatus(HttpStatus.NOT_FOUND)
        ModelAndView notFound() {
            return page(HttpStatus.NOT_FOUND);
        }
    }
}
