package legate.runtime.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The profile as one self-contained HTML page (its script and styles inside, nothing fetched): a
 * timeline with a lane per rank and processor (the rank's operations, its cells, each CPU
 * thread, the data plane, GC), zoom with the wheel, pan by dragging, details on hover, and a
 * table per operation (count, total, mean, share of the run). The same markup goes into a
 * notebook as {@code text/html} ({@link #fragment}), with an id of its own so that several
 * profiles on one page do not mix.
 */
public final class ProfilePage {
    private ProfilePage() {
    }

    /** The whole page. */
    public static String page(Profile p, String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title></head>\n<body style=\"margin:16px;"
                + "font-family:sans-serif\">\n<h1 style=\"font-size:18px\">" + esc(title) + "</h1>\n" + fragment(p, "legate-profile") + "\n</body></html>\n";
    }

    /** The one-line summary: ranks, operations, wall time, the most expensive operation. */
    public static String summary(Profile p) {
        long[] ext = p.extent();
        double ms = (ext[1] - ext[0]) / 1e6;
        Map<String, long[]> ops = p.byOperation();
        String top = ops.isEmpty() ? "" : ops.entrySet().iterator().next().getKey();
        long gc = 0;
        for (Profile.Rank r : p.ranks()) {
            gc += r.spans().stream().filter(s -> s.kind().equals("gc")).count();
        }
        long[] dropped = p.dropped();
        return String.format(Locale.ROOT, "%d rank%s, %d array operations in %.1f ms%s, %d GC pause%s%s", p.ranks().size(),
                p.ranks().size() == 1 ? "" : "s", p.operationCount(), ms, top.isEmpty() ? "" : "; most time in " + top, gc, gc == 1 ? "" : "s",
                dropped[0] == 0 ? "" : String.format(Locale.ROOT, " (the timeline keeps each rank's first %d spans: %d more were counted "
                        + "in the table only)", Profiler.MAX_SPANS, dropped[0]));
    }

    /** The lanes of a rank, in the order drawn: operations, cells, CPU threads by number, data plane, GC, then any other. */
    static List<String> lanes(Profile.Rank r) {
        List<String> names = new ArrayList<>();
        for (Profile.Span s : r.spans()) {
            if (!names.contains(s.lane())) {
                names.add(s.lane());
            }
        }
        names.sort(Comparator.comparingInt(ProfilePage::laneOrder).thenComparingInt(ProfilePage::cpuNumber).thenComparing(n -> n));
        return names;
    }

    private static int laneOrder(String lane) {
        return lane.equals("operations") ? 0 : lane.equals("cells") ? 1 : lane.startsWith("cpu ") ? 2 : lane.startsWith("gpu ") ? 3
                : lane.equals("data plane") ? 4 : lane.equals("GC") ? 5 : 6;
    }

    private static int cpuNumber(String lane) {
        try {
            return lane.startsWith("cpu ") || lane.startsWith("gpu ") ? Integer.parseInt(lane.substring(4)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The timeline and the table, for a page or a notebook's output; {@code id} names its elements. */
    public static String fragment(Profile p, String id) {
        long[] ext = p.extent();
        StringBuilder data = new StringBuilder("{\"t0\":").append(ext[0]).append(",\"t1\":").append(ext[1]).append(",\"lanes\":[");
        List<String> laneNames = new ArrayList<>();
        StringBuilder spans = new StringBuilder();
        for (Profile.Rank r : p.ranks()) {
            for (String lane : lanes(r)) {
                int li = laneNames.size();
                laneNames.add("rank " + r.rank() + " \u00b7 " + lane);
                for (Profile.Span s : r.spans()) {
                    if (s.lane().equals(lane)) {
                        spans.append(spans.length() == 0 ? "" : ",").append('[').append(li).append(',').append(s.start() - ext[0]).append(',')
                                .append(Math.max(0, s.end() - s.start())).append(',').append(json(s.kind())).append(',').append(json(s.name()))
                                .append(',').append(json(s.detail())).append(']');
                    }
                }
            }
        }
        for (int i = 0; i < laneNames.size(); i++) {
            data.append(i == 0 ? "" : ",").append(json(laneNames.get(i)));
        }
        data.append("],\"spans\":[").append(spans).append("]}");
        StringBuilder table = new StringBuilder();
        long total = 0;
        Map<String, long[]> byOp = p.byOperation();
        for (long[] v : byOp.values()) {
            total += v[1];
        }
        table.append("<table id=\"").append(id).append("-table\" style=\"border-collapse:collapse;font-size:12px;margin-top:8px\">")
                .append("<thead><tr style=\"text-align:right\"><th style=\"text-align:left;padding:2px 8px\">operation</th>")
                .append("<th style=\"padding:2px 8px\">count</th><th style=\"padding:2px 8px\">total ms</th>")
                .append("<th style=\"padding:2px 8px\">mean \u00b5s</th><th style=\"padding:2px 8px\">share</th></tr></thead><tbody>");
        for (Map.Entry<String, long[]> e : byOp.entrySet()) {
            long[] v = e.getValue();
            table.append(String.format(Locale.ROOT, "<tr style=\"text-align:right\"><td style=\"text-align:left;padding:2px 8px\">%s</td>"
                    + "<td style=\"padding:2px 8px\">%d</td><td style=\"padding:2px 8px\">%.3f</td><td style=\"padding:2px 8px\">%.1f</td>"
                    + "<td style=\"padding:2px 8px\">%.1f%%</td></tr>", esc(e.getKey()), v[0], v[1] / 1e6, v[1] / 1e3 / v[0],
                    total == 0 ? 0 : 100.0 * v[1] / total));
        }
        table.append("</tbody></table>");
        String script = SCRIPT.replace("__ID__", id);
        return "<div id=\"" + id + "\" class=\"legate-profile\" style=\"font-family:sans-serif;font-size:12px;position:relative\">\n"
                + "<div id=\"" + id + "-summary\" style=\"margin-bottom:4px\">" + esc(summary(p))
                + " \u2014 wheel: zoom, drag: pan, double-click: reset</div>\n"
                + "<canvas id=\"" + id + "-canvas\" style=\"border:1px solid #ccc;cursor:grab;display:block\"></canvas>\n"
                + "<div id=\"" + id + "-tip\" style=\"position:absolute;display:none;pointer-events:none;background:#ffffe8;border:1px solid #999;"
                + "padding:3px 6px;white-space:pre;font-size:12px;z-index:10\"></div>\n"
                + "<script type=\"application/json\" id=\"" + id + "-data\">" + data.toString().replace("<", "\\u003c") + "</script>\n"
                + table + "\n<script>" + script + "</script>\n</div>";
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Colours by span kind. */
    static final Map<String, String> COLOURS = new LinkedHashMap<>();

    static {
        COLOURS.put("op", "#4c78a8");
        COLOURS.put("task", "#59a14f");
        COLOURS.put("send", "#f28e2b");
        COLOURS.put("receive", "#e15759");
        COLOURS.put("compile", "#b07aa1");
        COLOURS.put("run", "#9c755f");
        COLOURS.put("gc", "#bab0ac");
    }

    private static final String SCRIPT = """
            (function () {
              var id = "__ID__";
              var root = document.getElementById(id);
              var data = JSON.parse(document.getElementById(id + "-data").textContent);
              var canvas = document.getElementById(id + "-canvas"), tip = document.getElementById(id + "-tip");
              var colours = __COLOURS__;
              var LABEL = 170, ROW = 18, TOP = 22, width = Math.max(600, (root.parentElement.clientWidth || 1000) - 20);
              var span = Math.max(1, data.t1 - data.t0), view = {from: 0, to: span};
              canvas.width = width; canvas.height = TOP + ROW * data.lanes.length + 4;
              var ctx = canvas.getContext("2d");
              function x(t) { return LABEL + (t - view.from) / (view.to - view.from) * (width - LABEL - 4); }
              function ms(ns) { return ns >= 1e6 ? (ns / 1e6).toFixed(3) + " ms" : (ns / 1e3).toFixed(1) + " \\u00b5s"; }
              function draw() {
                ctx.clearRect(0, 0, canvas.width, canvas.height);
                ctx.font = "11px sans-serif"; ctx.textBaseline = "middle";
                for (var l = 0; l < data.lanes.length; l++) {
                  ctx.fillStyle = l % 2 ? "#fafafa" : "#f0f0f0"; ctx.fillRect(0, TOP + l * ROW, width, ROW);
                  ctx.fillStyle = "#222"; ctx.fillText(data.lanes[l], 4, TOP + l * ROW + ROW / 2);
                }
                // ticks at least 100 px apart, at 1, 2 or 5 times a power of ten nanoseconds
                var least = (view.to - view.from) * 100 / (width - LABEL - 4), step = Math.pow(10, Math.floor(Math.log10(least)));
                step = step >= least ? step : 2 * step >= least ? 2 * step : 5 * step >= least ? 5 * step : 10 * step;
                var unit = step >= 1e6 ? 1e6 : 1e3, digits = Math.max(0, -Math.floor(Math.log10(step / unit) + 1e-9));
                ctx.fillStyle = "#666";
                for (var t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
                  var px = x(t); ctx.fillRect(px, TOP - 4, 1, 4);
                  ctx.fillText((t / unit).toFixed(digits) + (unit === 1e6 ? " ms" : " \\u00b5s"), px + 2, 8);
                }
                ctx.save(); ctx.beginPath(); ctx.rect(LABEL, 0, width - LABEL, canvas.height); ctx.clip();
                for (var i = 0; i < data.spans.length; i++) {
                  var s = data.spans[i], a = x(s[1]), b = x(s[1] + s[2]);
                  if (b < LABEL || a > width) continue;
                  ctx.fillStyle = colours[s[3]] || "#76b7b2";
                  ctx.fillRect(a, TOP + s[0] * ROW + 2, Math.max(1, b - a), ROW - 4);
                }
                ctx.restore();
              }
              function at(px, py) {
                var lane = Math.floor((py - TOP) / ROW), best = -1, bestWidth = Infinity;
                for (var i = 0; i < data.spans.length; i++) {
                  var s = data.spans[i];
                  if (s[0] !== lane) continue;
                  var a = x(s[1]), b = Math.max(a + 1, x(s[1] + s[2]));
                  if (px >= a - 1 && px <= b + 1 && b - a < bestWidth) { best = i; bestWidth = b - a; }
                }
                return best;
              }
              var drag = null;
              canvas.addEventListener("wheel", function (e) {
                e.preventDefault();
                var r = canvas.getBoundingClientRect(), px = e.clientX - r.left;
                if (px < LABEL) return;
                var t = view.from + (px - LABEL) / (width - LABEL - 4) * (view.to - view.from);
                var k = e.deltaY < 0 ? 0.8 : 1.25;
                view.from = t - (t - view.from) * k; view.to = t + (view.to - t) * k; draw();
              }, {passive: false});
              canvas.addEventListener("mousedown", function (e) { drag = {x: e.clientX, from: view.from, to: view.to}; canvas.style.cursor = "grabbing"; });
              window.addEventListener("mouseup", function () { drag = null; canvas.style.cursor = "grab"; });
              canvas.addEventListener("dblclick", function () { view.from = 0; view.to = span; draw(); });
              canvas.addEventListener("mouseleave", function () { tip.style.display = "none"; });
              canvas.addEventListener("mousemove", function (e) {
                var r = canvas.getBoundingClientRect(), px = e.clientX - r.left, py = e.clientY - r.top;
                if (drag) {
                  var dt = (e.clientX - drag.x) / (width - LABEL - 4) * (drag.to - drag.from);
                  view.from = drag.from - dt; view.to = drag.to - dt; draw(); return;
                }
                var i = at(px, py);
                if (i < 0) { tip.style.display = "none"; return; }
                var s = data.spans[i];
                tip.textContent = s[4] + "\\n" + data.lanes[s[0]] + "\\nstart " + ms(s[1]) + ", duration " + ms(s[2]) + (s[5] ? "\\n" + s[5] : "");
                tip.style.left = (canvas.offsetLeft + px + 12) + "px"; tip.style.top = (canvas.offsetTop + py + 12) + "px";
                tip.style.display = "block";
              });
              draw();
              root.legateProfile = {
                lanes: data.lanes, spans: data.spans,
                spanCenter: function (i) {
                  var s = data.spans[i], r = canvas.getBoundingClientRect();
                  return {x: r.left + (x(s[1]) + Math.max(x(s[1]) + 1, x(s[1] + s[2]))) / 2, y: r.top + TOP + s[0] * ROW + ROW / 2};
                }
              };
            })();
            """.replace("__COLOURS__", coloursJson());

    private static String coloursJson() {
        StringBuilder b = new StringBuilder("{");
        COLOURS.forEach((k, v) -> b.append(b.length() == 1 ? "" : ",").append('"').append(k).append("\":\"").append(v).append('"'));
        return b.append('}').toString();
    }
}
