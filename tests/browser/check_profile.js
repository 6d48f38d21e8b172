// Opens a profile timeline (a --profile page, or a notebook rendered to HTML) in Debian's headless
// Chromium, hovers over an array task, takes a screenshot, and prints what a user would see as
// JSON: the lanes, the spans per lane and kind, the hover text, console errors and any network
// request (there must be none: the page is self-contained).
// usage: node check_profile.js PAGE.html SCREENSHOT.png
const { chromium } = require("playwright-core");
const path = require("path");

(async () => {
  const [page_, shot] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const out = { consoleErrors: [], pageErrors: [], requests: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const url = "file://" + path.resolve(page_);
    page.on("console", (m) => { if (m.type() === "error") out.consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => out.pageErrors.push(String(e)));
    page.on("request", (r) => { if (r.url() !== url) out.requests.push(r.url()); });
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => [...document.querySelectorAll(".legate-profile")].some((d) => d.legateProfile), null,
      { timeout: 20000 });
    const info = await page.evaluate(() => {
      const root = [...document.querySelectorAll(".legate-profile")].find((d) => d.legateProfile);
      const p = root.legateProfile;
      const perLane = {}, perName = {};
      p.spans.forEach((s) => {
        const key = p.lanes[s[0]] + "|" + s[3];
        perLane[key] = (perLane[key] || 0) + 1;
        perName[key + "|" + s[4]] = (perName[key + "|" + s[4]] || 0) + 1;
      });
      const task = p.spans.findIndex((s) => s[3] === "task");
      const op = p.spans.findIndex((s) => s[3] === "op");
      root.scrollIntoView();
      return { id: root.id, lanes: p.lanes, spans: p.spans.length, perLane, perName, task, op,
               table: [...root.querySelectorAll("table tbody tr")].map((r) => [...r.cells].map((c) => c.textContent)),
               summary: root.querySelector("[id$=-summary]").textContent };
    });
    Object.assign(out, info);
    const which = info.task >= 0 ? info.task : info.op;
    if (which >= 0) {
      const c = await page.evaluate((i) => {
        const root = [...document.querySelectorAll(".legate-profile")].find((d) => d.legateProfile);
        return root.legateProfile.spanCenter(i);
      }, which);
      await page.mouse.move(c.x, c.y);
      await page.waitForTimeout(100);
      out.hover = await page.evaluate((id) => {
        const tip = document.getElementById(id + "-tip");
        return tip.style.display === "block" ? tip.textContent : null;
      }, info.id);
      // the wheel zooms in: the spans get wider (the hovered one still under the cursor)
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(100);
    }
    if (shot) {
      await page.screenshot({ path: shot, fullPage: true });
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
