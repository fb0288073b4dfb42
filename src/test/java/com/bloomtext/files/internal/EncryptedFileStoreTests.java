package com.bloomtext.files.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.bloomtext.files.FileRefused;
import com.bloomtext.files.FileUnreadable;
import com.bloomtext.files.StoredFile;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encrypted file store against the real database and a real folder: round trips, tampering, keys, limits. */
class EncryptedFileStoreTests extends IntegrationTest {

    @Autowired
    EncryptedFileStore store;
    @Autowired
    StoredFiles records;
    @Autowired
    LocalDiskBlobs blobs;
    @Autowired
    FilesProperties properties;
    @Autowired
    Clock clock;

    static OrgId ours;
    static OrgId theirs;

    @BeforeEach
    void organizations() {
        if (ours == null) {
            ours = new OrgId(newOrganization("Files Clinic").id());
            theirs = new OrgId(newOrganization("Other Files Clinic").id());
        }
    }

    static byte[] pdf(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        System.arraycopy("%PDF-1.7\n".getBytes(), 0, bytes, 0, 9);
        return bytes;
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    Path blobOf(StoredFile file) {
        return blobs.pathOf(file.organization() + "/" + file.id());
    }

    @Test
    void roundTripsFilesOfEverySegmentShape() throws Exception {
        int segment = SegmentedGcm.SEGMENT;
        for (int size : List.of(1, 9, segment - 1, segment, segment + 1, 3 * segment, 3 * segment + 12345)) {
            byte[] content = pdf(Math.max(size, 9), size);
            StoredFile stored = store.store(ours, new ByteArrayInputStream(content));
            assertThat(stored.contentType()).isEqualTo("application/pdf");
            assertThat(stored.size()).isEqualTo(content.length);
            assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
            assertThat(readAll(store.open(ours, stored.id()))).as("size %d", size).isEqualTo(content);
            assertThat(store.find(ours, stored.id())).contains(stored);
        }
    }

    @Test
    void theStoredBytesAreCiphertext() throws Exception {
        byte[] content = "%PDF-1.7\nLab results for a patient: glucose 182 mg/dL\n".repeat(50).getBytes();
        StoredFile stored = store.store(ours, new ByteArrayInputStream(content));
        byte[] onDisk = Files.readAllBytes(blobOf(stored));
        assertThat(new String(onDisk, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("%PDF", "glucose");
        assertThat(onDisk.length).isEqualTo(content.length + SegmentedGcm.TAG_BYTES);
    }

    @Test
    void aFlippedByteInTheFirstSegmentFailsAtOpenWithNoPlaintext() throws Exception {
        StoredFile stored = store.store(ours, new ByteArrayInputStream(pdf(5000, 1)));
        flipByte(blobOf(stored), 100);
        assertThatThrownBy(() -> store.open(ours, stored.id())).isInstanceOf(FileUnreadable.class)
                .hasMessageContaining(stored.id().toString());
    }

    @Test
    void aFlippedByteInALaterSegmentFailsThatReadBeforeItsBytesAreHandedOut() throws Exception {
        int segment = SegmentedGcm.SEGMENT;
        byte[] content = pdf(3 * segment + 10, 2);
        StoredFile stored = store.store(ours, new ByteArrayInputStream(content));
        flipByte(blobOf(stored), 2 * (segment + SegmentedGcm.TAG_BYTES) + 7);
        try (InputStream in = store.open(ours, stored.id())) {
            byte[] firstTwo = in.readNBytes(2 * segment);
            assertThat(firstTwo).isEqualTo(java.util.Arrays.copyOf(content, 2 * segment));
            assertThat(in.available()).isZero();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class);
        }
    }

    @Test
    void truncatedOrExtendedCiphertextFails() throws Exception {
        int segment = SegmentedGcm.SEGMENT;
        StoredFile cut = store.store(ours, new ByteArrayInputStream(pdf(2 * segment + 5, 3)));
        Path cutPath = blobOf(cut);
        byte[] all = Files.readAllBytes(cutPath);
        Files.write(cutPath, java.util.Arrays.copyOf(all, 2 * (segment + SegmentedGcm.TAG_BYTES)));
        assertThatThrownBy(() -> readAll(store.open(ours, cut.id()))).isInstanceOf(IOException.class);

        StoredFile longer = store.store(ours, new ByteArrayInputStream(pdf(100, 4)));
        Files.write(blobOf(longer), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> store.open(ours, longer.id())).isInstanceOf(FileUnreadable.class);
    }

    @Test
    void aFlippedByteOfTheWrappedKeyFails() {
        StoredFile stored = store.store(ours, new ByteArrayInputStream(pdf(100, 5)));
        jdbc.sql("update stored_file set wrapped_key = set_byte(wrapped_key, 20, get_byte(wrapped_key, 20) # 1) where id = :id")
                .param("id", stored.id().value()).update();
        assertThatThrownBy(() -> store.open(ours, stored.id())).isInstanceOf(FileUnreadable.class);
    }

    @Test
    void aWrappedKeyMovedToAnotherFileDoesNotOpenIt() {
        StoredFile first = store.store(ours, new ByteArrayInputStream(pdf(100, 6)));
        StoredFile second = store.store(ours, new ByteArrayInputStream(pdf(100, 7)));
        jdbc.sql("update stored_file set wrapped_key = (select wrapped_key from stored_file where id = :from) where id = :to")
                .param("from", first.id().value()).param("to", second.id().value()).update();
        assertThatThrownBy(() -> store.open(ours, second.id())).isInstanceOf(FileUnreadable.class);
    }

    @Test
    void anotherMasterKeyCannotReadAndAMissingOneStopsStartUp() {
        StoredFile stored = store.store(ours, new ByteArrayInputStream(pdf(100, 8)));
        var otherKey = new FilesProperties("", java.util.Base64.getEncoder().encodeToString(new byte[32]),
                properties.maxSize(), properties.allowedTypes());
        var otherStore = new EncryptedFileStore(records, blobs, otherKey, clock);
        assertThatThrownBy(() -> otherStore.open(ours, stored.id())).isInstanceOf(FileUnreadable.class);

        assertThatThrownBy(() -> EncryptedFileStore.masterKey(""))
                .hasMessageContaining("set bloomtext.files.master-key").hasMessageContaining("BLOOMTEXT_FILES_MASTER_KEY");
        assertThatThrownBy(() -> EncryptedFileStore.masterKey("c2hvcnQ="))
                .hasMessageContaining("exactly 32 bytes").hasMessageNotContaining("c2hvcnQ=");
    }

    @Test
    void theTypeIsSniffedAndOthersAreRefusedClearly() {
        StoredFile png = store.store(ours, new ByteArrayInputStream(ContentSnifferTest.PNG));
        assertThat(png.contentType()).isEqualTo("image/png");
        int before = countFiles();
        assertThatThrownBy(() -> store.store(ours, new ByteArrayInputStream("<html><body>hi</body></html>".getBytes())))
                .isInstanceOf(FileRefused.class)
                .hasMessage("This type of file can't be attached. Attach PDF, PNG, JPEG, GIF, WEBP, HEIC files only.");
        assertThatThrownBy(() -> store.store(ours, InputStream.nullInputStream()))
                .isInstanceOf(FileRefused.class).hasMessage("This file is empty. Choose the file again.");
        assertThat(countFiles()).isEqualTo(before);
    }

    @Test
    void filesOverTheLimitAreRefusedAndLeaveNothingBehind() throws IOException {
        var small = new FilesProperties("", properties.masterKey(), DataSize.ofKilobytes(100), properties.allowedTypes());
        var limited = new EncryptedFileStore(records, blobs, small, clock);
        assertThat(limited.store(ours, new ByteArrayInputStream(pdf(100 * 1024, 9))).size()).isEqualTo(100 * 1024);
        int before = countFiles();
        long spooled = spooledFiles();
        assertThatThrownBy(() -> limited.store(ours, new ByteArrayInputStream(pdf(100 * 1024 + 1, 10))))
                .isInstanceOf(FileRefused.class).hasMessage("This file is larger than 100 KB. Attach a file of up to 100 KB.");
        assertThat(countFiles()).isEqualTo(before);
        assertThat(spooledFiles()).isEqualTo(spooled);
    }

    @Test
    void anotherOrganizationsFileIsNotFound() throws IOException {
        StoredFile stored = store.store(ours, new ByteArrayInputStream(pdf(100, 11)));
        assertThat(store.find(theirs, stored.id())).isEmpty();
        assertThatThrownBy(() -> store.open(theirs, stored.id())).isInstanceOf(NotFoundException.class);
        store.delete(theirs, stored.id());
        assertThat(readAll(store.open(ours, stored.id()))).hasSize(100);

        store.delete(ours, stored.id());
        assertThat(store.find(ours, stored.id())).isEmpty();
        assertThat(blobOf(stored)).doesNotExist();
    }

    private int countFiles() {
        return jdbc.sql("select count(*) from stored_file where organization_id = :org").param("org", ours.value())
                .query(Integer.class).single();
    }

    private long spooledFiles() throws IOException {
        try (var files = Files.list(blobs.pathOf(ours + "/" + java.util.UUID.randomUUID()).getParent().getParent().resolve(".incoming"))) {
            return files.count();
        }
    }

    private static void flipByte(Path file, int position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x01;
        Files.write(file, bytes);
    }
}
