package legate.magics.builtin;

import java.util.Locale;

/** Times as IPython writes them: three significant digits in s, ms, µs or ns; minutes beyond a minute. */
final class Durations {
    private static final String[] UNITS = {"s", "ms", "µs", "ns"};

    private Durations() {
    }

    static String format(double seconds) {
        if (seconds >= 60) {
            long total = Math.round(seconds);
            long h = total / 3600;
            long m = total % 3600 / 60;
            long s = total % 60;
            return (h > 0 ? h + "h " : "") + (h > 0 || m > 0 ? m + "min " : "") + s + "s";
        }
        int order = seconds > 0 ? orderOf(seconds) : 3;
        double scaled = seconds * Math.pow(1000, order);
        return String.format(Locale.ROOT, "%s %s", significant(scaled), UNITS[order]);
    }

    private static int orderOf(double seconds) {
        int order = 0;
        while (order < 3 && seconds * Math.pow(1000, order) < 1) {
            order++;
        }
        return order;
    }

    private static String significant(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
