package org.lifeline.residents.mapping;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A register file read one row at a time, whatever its size: CSV (UTF-8, with or without BOM, or
 * GB18030/GBK as Excel writes it on Chinese Windows) or XLSX (the first sheet). The first non-empty
 * row is the header (see {@link RegisterColumn}).
 */
public final class RegisterFile implements Closeable {

    /** The file formats understood. */
    public enum Format {
        CSV, XLSX;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The header lacks required columns. */
    public static final class MissingColumns extends Exception {
        public final List<RegisterColumn> missing;

        MissingColumns(List<RegisterColumn> missing) {
            super("missing columns " + missing);
            this.missing = missing;
        }
    }

    /** The file cannot be read as the format it claims. */
    public static final class Unreadable extends Exception {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final byte[] ZIP_MAGIC = { 'P', 'K', 3, 4 };
    private static final Pattern DIMENSION = Pattern.compile("<dimension ref=\"[A-Z]+\\d+:[A-Z]+(\\d+)\"");

    private final Closeable resource;
    private final Iterator<Object> rows;
    private final Map<RegisterColumn, Integer> columns = new EnumMap<>(RegisterColumn.class);
    private final Format format;
    private final Charset charset;
    private final CountingStream counted;
    private final long bytes;
    private final long rowsExpected;
    private long line;
    private String[] cells = new String[0];
    private boolean[] numeric = new boolean[0];
    private long rowsRead;

    private RegisterFile(Format format, Charset charset, Closeable resource, Iterator<Object> rows,
            CountingStream counted, long bytes, long rowsExpected) {
        this.format = format;
        this.charset = charset;
        this.resource = resource;
        this.rows = rows;
        this.counted = counted;
        this.bytes = bytes;
        this.rowsExpected = rowsExpected;
    }

    /** The format of a file from its first bytes: a ZIP container is XLSX, anything else CSV. */
    public static Format sniff(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return java.util.Arrays.equals(head, ZIP_MAGIC) ? Format.XLSX : Format.CSV;
        }
    }

    /**
     * Opens the file and reads its header.
     *
     * @param charset for CSV; null to detect (BOM, else valid UTF-8, else GB18030)
     */
    public static RegisterFile open(Path file, Format format, Charset charset)
            throws IOException, MissingColumns, Unreadable {
        RegisterFile register = format == Format.XLSX ? openXlsx(file) : openCsv(file, charset);
        try {
            register.readHeader();
            return register;
        } catch (MissingColumns | Unreadable | RuntimeException e) {
            register.close();
            throw e;
        }
    }

    private static RegisterFile openCsv(Path file, Charset charset) throws IOException {
        Charset cs = charset != null ? charset : detectCharset(file);
        CountingStream counted = new CountingStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        CsvReader<CsvRecord> reader = CsvReader.builder()
                .detectBomHeader(true)
                .allowMissingFields(true)
                .allowExtraFields(true)
                .skipEmptyLines(true)
                .ofCsvRecord(new InputStreamReader(counted, cs));
        CloseableIterator<CsvRecord> it = reader.iterator();
        @SuppressWarnings("unchecked")
        Iterator<Object> rows = (Iterator<Object>) (Iterator<?>) it;
        return new RegisterFile(Format.CSV, cs, reader, rows, counted, Files.size(file), -1);
    }

    private static RegisterFile openXlsx(Path file) throws IOException {
        long expected = xlsxRowCount(file);
        ReadableWorkbook workbook;
        try {
            workbook = new ReadableWorkbook(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("not a readable .xlsx workbook: " + e.getMessage(), e);
        }
        Stream<Row> stream;
        try {
            stream = workbook.getFirstSheet().openStream();
        } catch (IOException | RuntimeException e) {
            workbook.close();
            throw new IOException("the workbook's first sheet cannot be read: " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        Iterator<Object> rows = (Iterator<Object>) (Iterator<?>) stream.iterator();
        Closeable both = () -> {
            stream.close();
            workbook.close();
        };
        return new RegisterFile(Format.XLSX, null, both, rows, null, Files.size(file), expected);
    }

    /** Rows of the first sheet as its {@code <dimension>} says (Excel writes it), or -1. */
    static long xlsxRowCount(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry sheet = zip.getEntry("xl/worksheets/sheet1.xml");
            if (sheet == null) {
                return -1;
            }
            try (InputStream in = zip.getInputStream(sheet)) {
                String head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                Matcher m = DIMENSION.matcher(head);
                return m.find() ? Long.parseLong(m.group(1)) : -1;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static Charset detectCharset(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(1 << 16);
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        // a multi-byte character may be cut at the end of the sample: ignore up to 3 trailing bytes
        int end = head.length;
        for (int cut = 0; cut <= 3 && end - cut >= 0; cut++) {
            if (validUtf8(head, end - cut)) {
                return StandardCharsets.UTF_8;
            }
            if (head.length < (1 << 16)) {
                break; // the whole file was read: nothing was cut
            }
        }
        return Charset.forName("GB18030");
    }

    private static boolean validUtf8(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void readHeader() throws MissingColumns, Unreadable {
        while (advance()) {
            boolean empty = true;
            for (String c : cells) {
                empty &= c == null;
            }
            if (empty) {
                continue;
            }
            for (int i = 0; i < cells.length; i++) {
                RegisterColumn column = RegisterColumn.of(cells[i]);
                if (column != null && !columns.containsKey(column)) {
                    columns.put(column, i);
                }
            }
            break;
        }
        rowsRead = 0;
        List<RegisterColumn> missing = new ArrayList<>();
        for (RegisterColumn column : RegisterColumn.values()) {
            if (column.required && !columns.containsKey(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingColumns(missing);
        }
    }

    /** Moves to the next row; false at the end of the file. */
    public boolean next() throws Unreadable {
        while (advance()) {
            for (String c : cells) {
                if (c != null) {
                    rowsRead++;
                    return true;
                }
            }
        }
        return false;
    }

    private boolean advance() throws Unreadable {
        try {
            if (!rows.hasNext()) {
                return false;
            }
            Object row = rows.next();
            if (row instanceof CsvRecord record) {
                line = record.getStartingLineNumber();
                List<String> fields = record.getFields();
                ensure(fields.size());
                for (int i = 0; i < fields.size(); i++) {
                    cells[i] = clean(fields.get(i));
                    numeric[i] = false;
                }
            } else {
                Row r = (Row) row;
                line = r.getRowNum();
                int n = r.getCellCount();
                ensure(n);
                for (int i = 0; i < n; i++) {
                    Cell cell = r.getCell(i);
                    numeric[i] = cell != null && cell.getType() == CellType.NUMBER;
                    cells[i] = cell == null ? null : clean(numeric[i] ? plain(cell.asNumber()) : cell.getText());
                }
            }
            return true;
        } catch (RuntimeException e) {
            throw new Unreadable("the file cannot be read after line " + line + ": " + e.getMessage(), e);
        }
    }

    private void ensure(int n) {
        if (cells.length != n) {
            cells = new String[n];
            numeric = new boolean[n];
        }
    }

    private static String plain(BigDecimal number) {
        if (number == null) {
            return null;
        }
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        // Excel users type a leading apostrophe or tab to keep long numbers as text
        if (v.startsWith("'")) {
            v = v.substring(1).strip();
        }
        return v.isEmpty() ? null : v;
    }

    /** The trimmed cell of the current row, or null when empty or absent. */
    public String get(RegisterColumn column) {
        Integer i = columns.get(column);
        return i == null || i >= cells.length ? null : cells[i];
    }

    /** Whether the cell was stored as a number in the workbook (long ID numbers lose digits that way). */
    public boolean storedAsNumber(RegisterColumn column) {
        Integer i = columns.get(column);
        return i != null && i < numeric.length && numeric[i];
    }

    public boolean has(RegisterColumn column) {
        return columns.containsKey(column);
    }

    /** The line (CSV, 1-based, the record's first line) or row number (XLSX) of the current row. */
    public long line() {
        return line;
    }

    public long rowsRead() {
        return rowsRead;
    }

    public Format format() {
        return format;
    }

    public Charset charset() {
        return charset;
    }

    /** Rows the file says it has (XLSX dimension, header included), or -1 if unknown. */
    public long rowsExpected() {
        return rowsExpected;
    }

    /** How far through the file, 0..1. */
    public double progress() {
        if (counted != null) {
            return bytes == 0 ? 1 : Math.min(1, counted.count / (double) bytes);
        }
        return rowsExpected > 1 ? Math.min(1, rowsRead / (double) (rowsExpected - 1)) : 0;
    }

    @Override
    public void close() throws IOException {
        resource.close();
    }

    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
