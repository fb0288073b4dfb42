package com.bloomtext.shared;

import java.sql.SQLException;

/**
 * A failure as a log line may tell it: the exception types down the cause chain and any SQL state,
 * never their messages, which can quote the data involved (a duplicate key's MRN, a text's body).
 */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable failure) {
        StringBuilder described = new StringBuilder();
        for (Throwable cause = failure; cause != null && described.length() < 500; cause = cause.getCause()) {
            if (!described.isEmpty()) {
                described.append(" <- ");
            }
            described.append(cause.getClass().getSimpleName());
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                described.append(" (SQL state ").append(sql.getSQLState()).append(')');
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return described.toString();
    }
}
