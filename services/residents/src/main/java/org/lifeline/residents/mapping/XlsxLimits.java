package org.lifeline.residents.mapping;

import org.lifeline.residents.config.Texts;
import org.lifeline.platform.problem.Message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Caps on what an .xlsx upload may unpack to, checked before any reader opens it (a "zip bomb": a few
 * megabytes that inflate to gigabytes, or a shared-string table that fills the heap). The whole
 * container is inflated once through a counting stream: the sizes an archive declares are not trusted.
 *
 * <ul>
 *   <li>{@code maxEntries}: parts in the container (a workbook has a few dozen);</li>
 *   <li>{@code maxUncompressedBytes}: the bytes of all parts together once inflated;</li>
 *   <li>{@code maxSharedStrings}: {@code <si>} elements (shared strings, which a reader keeps in memory), in
 *   whatever part they are, so a renamed shared-string part is counted too;</li>
 *   <li>{@code maxSharedStringBytes}: the bytes inside those elements.</li>
 * </ul>
 * Duplicate part names are refused (two readers could pick different ones).
 */
public record XlsxLimits(long maxUncompressedBytes, long maxSharedStrings, long maxSharedStringBytes, int maxEntries) {

    /** The file is over a limit; {@link #message} says which, in both languages. */
    public static final class Exceeded extends Exception {
        /** What is wrong with the file, after its field name ("holds more than ..."). */
        public final transient Message message;
        /** The same as a sentence about the file ("The file holds more than ...."). */
        public final transient Message sentence;

        Exceeded(String key, Object... args) {
            this(Texts.of(key, args), Texts.of(key + ".sentence", args));
        }

        private Exceeded(Message message, Message sentence) {
            super(message.en());
            this.message = message;
            this.sentence = sentence;
        }
    }

    /** What a check found (for tests and logs). */
    public record Totals(int entries, long uncompressedBytes, long sharedStrings, long sharedStringBytes) {
    }

    /** Inflates every part of the file, counting; throws at the first limit passed. */
    public Totals check(Path file) throws IOException, Exceeded {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            int entries = zip.size();
            if (entries > maxEntries) {
                throw entries(entries);
            }
            Counter counter = new Counter(this);
            Set<String> names = new HashSet<>();
            byte[] buffer = new byte[1 << 16];
            Enumeration<? extends ZipEntry> all = zip.entries();
            int seen = 0;
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (++seen > maxEntries) {
                    throw entries(seen);
                }
                if (!names.add(entry.getName())) {
                    throw new IOException("the archive holds the part " + entry.getName() + " twice");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                counter.startPart();
                try (InputStream in = zip.getInputStream(entry)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        counter.feed(buffer, 0, n);
                    }
                }
            }
            return new Totals(seen, counter.bytes, counter.strings, counter.stringBytes);
        }
    }

    private Exceeded entries(int entries) {
        return new Exceeded("xlsx.too-many-parts", maxEntries, entries);
    }

    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes >= 1 << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
        }
        return bytes + " B";
    }

    /**
     * Counts inflated bytes, and shared-string elements and their bytes, as the bytes go by. A tiny XML tag
     * scanner: it looks only at tag names, so it needs no parser and holds no state beyond the current name.
     */
    static final class Counter {
        private static final int NAME_MAX = 64;

        private final XlsxLimits limits;
        long bytes;
        long strings;
        long stringBytes;
        private int depth;
        private boolean inTag;
        private boolean nameDone;
        private byte previous;
        private final StringBuilder name = new StringBuilder(NAME_MAX);

        Counter(XlsxLimits limits) {
            this.limits = limits;
        }

        /** A new part begins: tag state does not carry over. */
        void startPart() {
            depth = 0;
            inTag = false;
            nameDone = false;
            previous = 0;
            name.setLength(0);
        }

        void feed(byte[] b, int off, int len) throws Exceeded {
            bytes += len;
            if (bytes > limits.maxUncompressedBytes) {
                throw new Exceeded("xlsx.too-large", size(limits.maxUncompressedBytes));
            }
            for (int i = off; i < off + len; i++) {
                byte c = b[i];
                byte before = previous;
                previous = c;
                if (depth > 0) {
                    stringBytes++;
                }
                if (!inTag) {
                    if (c == '<') {
                        inTag = true;
                        nameDone = false;
                        name.setLength(0);
                    }
                    continue;
                }
                if (!nameDone) {
                    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || (c == '/' && name.length() > 0)) {
                        nameDone = true;
                        if (c == '>') {
                            tagEnd(false);
                        }
                    } else if (name.length() < NAME_MAX) {
                        name.append((char) (c & 0xff));
                    }
                    continue;
                }
                if (c == '>') {
                    tagEnd(before == '/');
                }
            }
            if (stringBytes > limits.maxSharedStringBytes) {
                throw new Exceeded("xlsx.shared-strings-too-large", size(limits.maxSharedStringBytes));
            }
        }

        private void tagEnd(boolean selfClosing) throws Exceeded {
            inTag = false;
            boolean closing = name.length() > 0 && name.charAt(0) == '/';
            String local = name.substring(closing ? 1 : 0);
            int colon = local.indexOf(':');
            if (colon >= 0) {
                local = local.substring(colon + 1);
            }
            if (!"si".equals(local)) {
                return;
            }
            if (closing) {
                depth = Math.max(0, depth - 1);
                return;
            }
            strings++;
            if (strings > limits.maxSharedStrings) {
                throw new Exceeded("xlsx.too-many-shared-strings", limits.maxSharedStrings);
            }
            if (!selfClosing) {
                depth++;
            }
        }
    }
}
