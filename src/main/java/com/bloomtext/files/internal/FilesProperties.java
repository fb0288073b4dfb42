package com.bloomtext.files.internal;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Attachment storage ({@code bloomtext.files.*}).
 *
 * @param directory    where the local-disk store keeps encrypted files; blank: a fresh temporary folder (tests)
 * @param masterKey    base64 of 32 bytes; wraps every file's own data key. Required: start-up fails without it
 * @param maxSize      the largest file accepted
 * @param allowedTypes sniffed content types that may be stored
 */
@ConfigurationProperties("bloomtext.files")
public record FilesProperties(@DefaultValue("./data/files") String directory, @DefaultValue("") String masterKey,
        @DefaultValue("25MB") DataSize maxSize,
        @DefaultValue({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/heic"})
        List<String> allowedTypes) {
}
