package org.lifeline.residents.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small .xlsx files that unpack to far more than they weigh, made with java.util.zip: a workbook whose first
 * sheet is padded with blanks, or whose shared-string table holds millions of strings. The first row is the
 * register header (shared strings 0 to 9), so a reader that does not check sizes takes them for a register.
 */
public final class XlsxBombs {

    private static final String[] HEADER = { "社区编码", "小区", "楼栋", "单元", "房号", "姓名", "身份证号", "手机号", "与户主关系",
            "特殊人群" };

    private XlsxBombs() {
    }

    /** A workbook whose sheet1.xml inflates to more than {@code sheetBytes}. */
    public static byte[] sheetBomb(long sheetBytes) throws IOException {
        return workbook(sheetBytes, 0, 0);
    }

    /** A workbook whose sharedStrings.xml holds {@code extraStrings} more one-letter strings. */
    public static byte[] sharedStringBomb(long extraStrings) throws IOException {
        return workbook(0, extraStrings, 0);
    }

    /** A workbook whose shared strings hold one string of {@code bytes} bytes after the header. */
    public static byte[] longStringBomb(long bytes) throws IOException {
        return workbook(0, 0, bytes);
    }

    private static byte[] workbook(long sheetPadding, long extraStrings, long longString) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            put(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                    + "</Types>");
            put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    + "</Relationships>");
            put(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                    + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                    + "<sheets><sheet name=\"登记\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            put(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                    + "</Relationships>");

            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            write(zip, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            repeat(zip, (byte) ' ', sheetPadding);
            StringBuilder row = new StringBuilder("<row r=\"1\">");
            for (int i = 0; i < HEADER.length; i++) {
                row.append("<c r=\"").append((char) ('A' + i)).append("1\" t=\"s\"><v>").append(i).append("</v></c>");
            }
            write(zip, row.append("</row></sheetData></worksheet>").toString());
            zip.closeEntry();

            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            write(zip, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            for (String h : HEADER) {
                write(zip, "<si><t>" + h + "</t></si>");
            }
            byte[] one = "<si><t>a</t></si>".getBytes(StandardCharsets.UTF_8);
            byte[] block = new byte[one.length * 4096];
            for (int i = 0; i < 4096; i++) {
                System.arraycopy(one, 0, block, i * one.length, one.length);
            }
            long left = extraStrings;
            while (left > 0) {
                int n = (int) Math.min(left, 4096);
                zip.write(block, 0, n * one.length);
                left -= n;
            }
            if (longString > 0) {
                write(zip, "<si><t>");
                repeat(zip, (byte) 'x', longString);
                write(zip, "</t></si>");
            }
            write(zip, "</sst>");
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        write(zip, text);
        zip.closeEntry();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void repeat(OutputStream out, byte b, long count) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, b);
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(left, chunk.length);
            out.write(chunk, 0, n);
            left -= n;
        }
    }
}
