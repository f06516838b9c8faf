package org.lifeline.residents.mapping;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeline.residents.support.XlsxBombs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .xlsx caps on their own: what is counted, and which cap says no. */
class XlsxLimitsTest {

    private static final XlsxLimits SMALL = new XlsxLimits(1 << 20, 100, 4096, 20);

    @TempDir
    Path dir;

    @Test
    void shouldCountPartsBytesAndSharedStringsOfAnOrdinaryWorkbook() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook wb = new Workbook(out, "lifeline-test", "1.0")) {
            Worksheet ws = wb.newWorksheet("登记");
            for (int r = 0; r < 50; r++) {
                ws.value(r, 0, "姓名" + r);
                ws.value(r, 1, "同一个");
            }
        }
        XlsxLimits.Totals totals = SMALL.check(file("ok.xlsx", out.toByteArray()));
        assertEquals(51, totals.sharedStrings(), "50 names and one repeated value: " + totals);
        assertTrue(totals.sharedStringBytes() > 51 * "<t>姓名0</t>".length(), totals::toString);
        assertTrue(totals.uncompressedBytes() < 1 << 20, totals::toString);
    }

    @Test
    void shouldRefuseWhatUnpacksToMoreThanTheCapWhateverTheArchiveDeclares() throws Exception {
        Path bomb = file("bomb.xlsx", XlsxBombs.sheetBomb(10L << 20));
        assertTrue(Files.size(bomb) < 64 * 1024, "small on disk: " + Files.size(bomb));
        XlsxLimits.Exceeded e = assertThrows(XlsxLimits.Exceeded.class, () -> SMALL.check(bomb));
        assertTrue(e.message.zh().startsWith("文件解压后过大"), e.message.zh());
        assertTrue(e.message.en().contains("1 MB"), e.message.en());
        // just under the cap passes
        new XlsxLimits(11L << 20, 100, 4096, 20).check(bomb);
    }

    @Test
    void shouldRefuseTooManySharedStringsAndTooLongOnes() throws Exception {
        Path many = file("many.xlsx", XlsxBombs.sharedStringBomb(91));
        XlsxLimits.Exceeded e = assertThrows(XlsxLimits.Exceeded.class, () -> SMALL.check(many));
        assertTrue(e.message.zh().startsWith("文件中的共享字符串过多"), e.message.zh());
        assertEquals(100, SMALL.check(file("hundred.xlsx", XlsxBombs.sharedStringBomb(90))).sharedStrings());

        Path longOne = file("long.xlsx", XlsxBombs.longStringBomb(5000));
        e = assertThrows(XlsxLimits.Exceeded.class, () -> SMALL.check(longOne));
        assertTrue(e.message.zh().startsWith("文件中的共享字符串过大"), e.message.zh());
    }

    @Test
    void shouldCountSharedStringsWhereverTheyAreAndHoweverTheyAreWritten() throws Exception {
        // a prefixed namespace, self-closing and attributed elements, and a tag cut by the read buffer
        String part = "<x:sst xmlns:x=\"urn:x\">" + "<x:si><x:t>a</x:t></x:si>".repeat(30) + "<si/>".repeat(30)
                + " ".repeat((1 << 16) - 3) + "<si xml:space=\"preserve\"><t>b</t></si>".repeat(41) + "</x:sst>";
        Path renamed = zip("renamed.xlsx", "xl/strings-elsewhere.xml", part);
        XlsxLimits.Exceeded e = assertThrows(XlsxLimits.Exceeded.class, () -> SMALL.check(renamed));
        assertTrue(e.message.en().contains("more than 100 shared strings"), e.message.en());
        assertEquals(101, new XlsxLimits(1 << 20, 1000, 1 << 20, 20).check(renamed).sharedStrings());
        // <sheetData>, <sheetView> and the like are not shared strings
        assertEquals(0, SMALL.check(zip("sheet.xlsx", "xl/worksheets/sheet1.xml",
                "<worksheet><sheetViews><sheetView/></sheetViews><sheetData><row><c><is><t>si</t></is></c></row>"
                        + "</sheetData></worksheet>")).sharedStrings());
    }

    @Test
    void shouldRefuseTooManyParts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < 21; i++) {
                zip.putNextEntry(new ZipEntry("xl/part" + i + ".xml"));
                zip.write("<a/>".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        XlsxLimits.Exceeded e = assertThrows(XlsxLimits.Exceeded.class, () -> SMALL.check(file("parts.xlsx",
                out.toByteArray())));
        assertTrue(e.message.zh().startsWith("压缩包内文件过多"), e.message.zh());
        assertEquals("1024 MB", XlsxLimits.size(1L << 30));
    }

    private Path zip(String name, String entry, String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            OutputStream o = zip;
            o.write(text.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file(name, out.toByteArray());
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }
}
