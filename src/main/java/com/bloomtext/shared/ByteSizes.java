package com.bloomtext.shared;

import java.util.Locale;

/** File sizes as people read them: "812 bytes", "340 KB", "1.2 MB", "25 MB". */
public final class ByteSizes {

    private static final long KB = 1024;
    private static final long MB = KB * 1024;

    private ByteSizes() {
    }

    public static String display(long bytes) {
        if (bytes < KB) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        if (bytes < MB) {
            return Math.max(1, Math.round(bytes / (double) KB)) + " KB";
        }
        double megabytes = bytes / (double) MB;
        return megabytes >= 10 || bytes % MB == 0 ? Math.round(megabytes) + " MB"
                : String.format(Locale.US, "%.1f MB", megabytes);
    }
}
