package org.lifeline.bench;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws a benchmark's figures as a PNG of grouped bar charts (jfreechart), one panel per chart, stacked.
 * It draws only numbers a benchmark has measured and written; it never makes one up.
 *
 * <pre>
 *   Plot tsv FILE.tsv OUT.png TITLE   lines "chart TAB series TAB category TAB value" (# comments)
 *   Plot md  FILE.md  OUT.png TITLE   the report's table rows: "p50 N ms, p95 N ms, p99 N ms" (and "max N ms")
 *                                     become a latency panel, "N rows/s" (tubes/s, orders/s) a throughput panel
 * </pre>
 */
public final class Plot {

    /** chart title → (series → (category → value)), in the order read. */
    private final Map<String, Map<String, Map<String, Double>>> charts = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 4) {
            System.err.println("usage: Plot tsv|md INPUT OUT.png TITLE");
            System.exit(2);
        }
        Plot plot = new Plot();
        List<String> lines = Files.readAllLines(Path.of(args[1]));
        if (args[0].equals("md")) {
            plot.readMarkdown(lines);
        } else {
            plot.readTsv(lines);
        }
        if (plot.charts.isEmpty()) {
            System.err.println("Plot: no figures found in " + args[1] + "; no plot written");
            System.exit(1);
        }
        plot.write(Path.of(args[2]), args[3]);
        System.out.println("Plot: wrote " + args[2]);
    }

    void add(String chart, String series, String category, double value) {
        charts.computeIfAbsent(chart, c -> new LinkedHashMap<>())
                .computeIfAbsent(series, s -> new LinkedHashMap<>())
                .put(category, value);
    }

    void readTsv(List<String> lines) {
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length >= 4 && !f[3].isBlank() && !f[3].equals("-")) {
                add(f[0], f[1], f[2], Double.parseDouble(f[3]));
            }
        }
    }

    private static final Pattern PERCENTILE = Pattern.compile("\\b(p50|p90|p95|p99|max) ([\\d,.]+) ms");
    private static final Pattern RATE = Pattern.compile("([\\d,.]+) (rows|tubes|orders|events)/s");

    void readMarkdown(List<String> lines) {
        for (String line : lines) {
            if (!line.startsWith("| ") || line.startsWith("| ---") || line.startsWith("| measure") || line.startsWith("| what")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 3) {
                continue;
            }
            String label = shorten(cells[1].trim());
            String value = cells[2].trim();
            Matcher p = PERCENTILE.matcher(value);
            while (p.find()) {
                add("latency, ms", p.group(1), label, number(p.group(2)));
            }
            Matcher r = RATE.matcher(value);
            Matcher perSecond = Pattern.compile("(rows|tubes|orders|events)/s$").matcher(label);
            if (r.find()) {
                add("throughput, " + r.group(2) + "/s", "measured", label, number(r.group(1)));
            } else if (perSecond.find() && value.matches("[\\d,.]+")) {
                add("throughput, " + perSecond.group(1) + "/s", "measured", label, number(value));
            }
        }
    }

    private static double number(String s) {
        return Double.parseDouble(s.replace(",", ""));
    }

    private static String shorten(String label) {
        String l = label.replace("`", "");
        return l.length() > 90 ? l.substring(0, 87) + "..." : l;
    }

    void write(Path out, String title) throws IOException {
        int width = 1100;
        int panelHeight = 420;
        List<BufferedImage> panels = new ArrayList<>();
        boolean first = true;
        for (var chart : charts.entrySet()) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (var series : chart.getValue().entrySet()) {
                for (var point : series.getValue().entrySet()) {
                    data.addValue(point.getValue(), series.getKey(), point.getKey());
                }
            }
            JFreeChart c = ChartFactory.createBarChart(first ? title + " — " + chart.getKey() : chart.getKey(), null,
                    chart.getKey(), data, PlotOrientation.VERTICAL, true, false, false);
            first = false;
            c.setBackgroundPaint(Color.WHITE);
            CategoryPlot plot = c.getCategoryPlot();
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            CategoryAxis axis = plot.getDomainAxis();
            axis.setMaximumCategoryLabelLines(3);
            BarRenderer renderer = (BarRenderer) plot.getRenderer();
            renderer.setBarPainter(new StandardBarPainter());
            renderer.setShadowVisible(false);
            renderer.setMaximumBarWidth(0.12);
            renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                    java.text.NumberFormat.getNumberInstance(Locale.ROOT)));
            renderer.setDefaultItemLabelsVisible(true);
            panels.add(c.createBufferedImage(width, panelHeight));
        }
        BufferedImage image = new BufferedImage(width, panelHeight * panels.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), 0, i * panelHeight, null);
        }
        g.dispose();
        Files.createDirectories(out.toAbsolutePath().getParent());
        ImageIO.write(image, "png", out.toFile());
    }
}
