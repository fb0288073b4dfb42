package com.bloomtext.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where encrypted bytes live, by key ("{organization}/{file}"). The store hands it ciphertext only, so a
 * local disk and an S3 bucket are equally trusted: an S3 implementation uploads the spooled file in
 * {@link #put} and streams the object in {@link #get}.
 */
interface BlobStorage {

    /** A new empty local file to write ciphertext into before {@link #put}. */
    Path spoolFile() throws IOException;

    /** Keeps the spooled file under the key; the spooled file is gone afterwards. */
    void put(String key, Path spooled) throws IOException;

    /** @throws java.nio.file.NoSuchFileException when nothing is stored under the key */
    InputStream get(String key) throws IOException;

    /** Nothing happens when nothing is stored under the key. */
    void delete(String key) throws IOException;
}
