package com.bloomtext.patients.csv;

/** The file as a whole cannot be imported (not CSV, no header, no phone or email column...). */
public class CsvFileProblem extends RuntimeException {

    public CsvFileProblem(String message) {
        super(message, null, false, false);
    }
}
