package com.bloomtext.patients.csv;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and validates rows on a second thread while the caller writes the previous ones: parsing (phone
 * numbers, dates) and PostgreSQL then work at once, on two cores. Holds at most {@code capacity} rows.
 */
final class ReadAhead<T> implements Iterable<T>, AutoCloseable {

    private static final Object END = new Object();

    private final Iterable<T> source;
    private final int capacity;
    private Thread reader;

    ReadAhead(Iterable<T> source, int capacity) {
        this.source = source;
        this.capacity = capacity;
    }

    @Override
    public Iterator<T> iterator() {
        if (reader != null) {
            throw new IllegalStateException("A read-ahead is read once");
        }
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(capacity);
        reader = Thread.ofVirtual().name("csv-read-ahead").start(() -> {
            try {
                for (T item : source) {
                    queue.put(item);
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                offerQuietly(queue, new Failure(e));
            }
        });
        return new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = queue.take();
                    } catch (InterruptedException e) {
                        reader.interrupt();
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while reading the file", e);
                    }
                }
                if (next instanceof Failure failure) {
                    throw failure.cause();
                }
                return next != END;
            }

            @SuppressWarnings("unchecked")
            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T item = (T) next;
                next = null;
                return item;
            }
        };
    }

    /** Stops the reader when the caller stops early (a cancelled or failed import). */
    @Override
    public void close() {
        if (reader != null) {
            reader.interrupt();
        }
    }

    private static void offerQuietly(BlockingQueue<Object> queue, Object item) {
        try {
            queue.offer(item, 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Failure(RuntimeException cause) {
    }
}
