// Opens a notebook in the classic Notebook's page in Debian's headless Chromium, runs its first
// cell as a user does (click, Shift+Enter), and watches the cell's output while it runs: every
// distinct text of the output area, whether it had a progress bar, screenshots while it runs and
// after. Prints what it saw as JSON.
// usage: node check_progress.js URL SHOT_RUNNING.png SHOT_DONE.png
const { chromium } = require("playwright-core");

(async () => {
  const [url, shotRunning, shotDone] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const out = { pageErrors: [], texts: [], withBar: [], final: null };
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    page.on("pageerror", (e) => out.pageErrors.push(String(e)));
    await page.goto(url, { waitUntil: "load" });
    // the kernel started and connected: the page's own status
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected() && document.querySelector("#kernel_indicator_icon.kernel_idle_icon"),
      null, { timeout: 120000 });
    await page.click(".cell .CodeMirror");
    await page.keyboard.press("Shift+Enter");
    const deadline = Date.now() + 120000;
    let shot = false;
    while (Date.now() < deadline) {
      const seen = await page.evaluate(() => {
        const area = document.querySelector(".cell .output_area:last-child");
        const busy = !!document.querySelector("#kernel_indicator_icon.kernel_busy_icon");
        const outputs = [...document.querySelectorAll(".cell:first-child .output_subarea")];
        return { busy, texts: outputs.map((o) => o.innerText.trim()), bar: outputs.some((o) => o.querySelector("progress")) };
      });
      const line = seen.texts.find((t) => t.startsWith("legate: "));
      if (line && out.texts[out.texts.length - 1] !== line) {
        out.texts.push(line);
        out.withBar.push(seen.bar);
        if (!shot && line.startsWith("legate: running")) {
          await page.screenshot({ path: shotRunning });
          shot = true;
        }
      }
      if (line && line.startsWith("legate: done") && !seen.busy) {
        out.final = seen.texts;
        break;
      }
      await page.waitForTimeout(100);
    }
    await page.screenshot({ path: shotDone });
  } catch (e) {
    out.error = String(e);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(out));
})();
