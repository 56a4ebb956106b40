// Browser test of the web page (issue 16): headless Chromium from Debian's
// package, driven by playwright-core, against the page served on 127.0.0.1.
//
//   node web/test/browser.mjs [DIST_DIR]      (default web/dist)
//
// Three browser profiles:
// - without the File System Access API (as in Firefox and Safari; the
//   page's `showDirectoryPicker` is deleted): the sample opens (within 2 s
//   of loading); a drag and key 2 make a claim; after a reload the claim is
//   still there (kept in IndexedDB); an export downloads a file whose
//   offsets slice the article to the claim's text; the downloaded project is
//   the RON the page keeps; with the storage full the save fails visibly;
//   a picked folder (<input webkitdirectory>) survives a reload;
// - with it (Chrome, Edge, ChromeOS): Playwright cannot click the native
//   folder picker, so `showDirectoryPicker` hands the page a directory of
//   the origin private file system — a real FileSystemDirectoryHandle —
//   holding a few articles: the folder opens in place, a claim is saved as
//   crosscheck.ron in it, the desktop reads that file, a reload offers to
//   reopen the folder, a full disk and a vanished folder fail visibly;
// - one whose earlier work is in local storage (before IndexedDB): it is
//   moved over once.
// egui draws into a canvas, so the test drives it with mouse coordinates and
// keys, reads the page's `data-crosscheck` summary, and writes screenshots
// to web/test/out/ for a person to look at.
import { chromium } from "playwright-core";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const dist = path.resolve(process.argv[2] ?? path.join(repo, "web/dist"));
const out = path.join(here, "out");
const SHOWN_WITHIN_MS = Number(process.env.CROSSCHECK_SHOWN_WITHIN_MS ?? 2000);
const VIEWPORT = { width: 1280, height: 800 };
const SAMPLE_KEY = "file:/browser/sample/crosscheck.ron";
const bin = process.env.CROSSCHECK_BIN ?? fail("CROSSCHECK_BIN must name the desktop binary (cargo build --bin crosscheck)");
if (!fs.existsSync(bin)) fail(`CROSSCHECK_BIN names ${bin}, which does not exist (cargo build --bin crosscheck)`);

function fail(message) {
  throw new Error(message);
}

function check(condition, message) {
  if (!condition) fail(message);
  console.log(`ok - ${message}`);
}

async function serve(dir) {
  if (!fs.existsSync(path.join(dir, "index.html"))) fail(`${dir} has no index.html: run web/build.sh first`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", dir], {
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { server, url };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  fail(`the static server on ${url} did not answer`);
}

/** Waits until the page's summary matches `re`; returns it. */
async function state(page, re, what, timeout = 20000) {
  try {
    await page.waitForFunction(
      (source) => new RegExp(source).test(document.body.dataset.crosscheck ?? ""),
      re.source,
      { timeout, polling: 20 },
    );
  } catch {
    const now = await page.evaluate(() => document.body.dataset.crosscheck);
    await page.screenshot({ path: path.join(out, "failed.png") });
    fail(`${what}: the page says ${JSON.stringify(now)}, expected ${re} (screenshot out/failed.png)`);
  }
  console.log(`ok - ${what}`);
  return page.evaluate(() => document.body.dataset.crosscheck);
}

function codePoints(text, start, end) {
  return Array.from(text).slice(start, end).join("");
}

/** What the page keeps in IndexedDB under `key` (null when nothing). */
async function kept(page, key) {
  return page.evaluate((key) => new Promise((resolve, reject) => {
    const open = indexedDB.open("crosscheck");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction("files").objectStore("files").get(key);
      get.onsuccess = () => { db.close(); resolve(get.result ?? null); };
      get.onerror = () => { db.close(); reject(get.error); };
    };
  }), key);
}

/** Polls `kept` until it equals `want`; returns the last value. */
async function keptBecomes(page, key, want, timeout = 10000) {
  const until = Date.now() + timeout;
  let got;
  while (Date.now() < until) {
    got = await kept(page, key);
    if (got === want) return got;
    await page.waitForTimeout(50);
  }
  return got;
}

/** A file of the origin private file system folder `dir` (null when none). */
async function folderFile(page, dir, name) {
  return page.evaluate(async ([dir, name]) => {
    const root = await navigator.storage.getDirectory();
    let folder = await root.getDirectoryHandle(dir);
    const parts = name.split("/");
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part);
    try {
      return await (await (await folder.getFileHandle(parts.at(-1))).getFile()).text();
    } catch {
      return null;
    }
  }, [dir, name]);
}

/** A quota of 20 MB for the page's origin (through the DevTools protocol),
 * so that the test can fill it. Chromium reads the quota when the origin's
 * storage is first opened: this must come before the page loads. The
 * override lasts as long as the DevTools session, kept open. */
async function limitQuota(context, page, url) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: new URL(url).origin, quotaSize: 20 << 20 });
  return cdp;
}

/** Fills the origin's quota with random bytes (which do not compress) in
 * another database, ever smaller blocks until not 16 more bytes fit: the
 * page's next write fails with a real QuotaExceededError, as on a full disk. */
async function fillStorage(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("test-filler", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("blocks");
    open.onerror = () => reject(open.error);
    open.onsuccess = async () => {
      const db = open.result;
      let n = 0;
      const put = (size) => new Promise((done) => {
        const block = new Uint8Array(size);
        for (let o = 0; o < size; o += 65536) crypto.getRandomValues(block.subarray(o, o + 65536));
        const tx = db.transaction("blocks", "readwrite");
        tx.objectStore("blocks").put(block, n);
        tx.oncomplete = () => { n++; done(true); };
        tx.onabort = () => done(false);
      });
      for (let size = 1 << 20; size >= 16; size >>= 1) {
        while (await put(size)) {}
      }
      db.close();
      resolve(n);
    };
  }));
}

async function freeStorage(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const gone = indexedDB.deleteDatabase("test-filler");
    gone.onsuccess = () => resolve();
    gone.onerror = () => reject(gone.error);
  }));
}

/** Presses a key while the page is about to leave; says whether it asked first. */
async function leavingAsks(page) {
  const asked = page.waitForEvent("dialog", { timeout: 10000 }).then(async (d) => {
    const type = d.type();
    await d.dismiss();
    return type;
  });
  page.reload({ timeout: 3000 }).catch(() => {});
  return (await asked) === "beforeunload";
}

async function launch(initScript) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "crosscheck-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: VIEWPORT,
    acceptDownloads: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--enable-unsafe-swiftshader",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  if (initScript) await context.addInitScript(initScript);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  // Playwright starts intercepting file choosers when the first listener
  // is added, asynchronously: added now, it is in place long before the
  // page opens one (else the first chooser can be missed).
  page.on("filechooser", () => {});
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, errors, close };
}

/** Writes FOLDER_FILES into the origin-private folder that stands in for the picked one. */
async function writeFolder(page) {
  await page.evaluate(async ([name, files]) => {
    const top = await (await navigator.storage.getDirectory()).getDirectoryHandle(name, { create: true });
    for (const [path, text] of Object.entries(files)) {
      const parts = path.split("/");
      let dir = top;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const stream = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
      await stream.write(typeof text === "string" ? text : new Uint8Array(text.bytes));
      await stream.close();
    }
  }, [FOLDER, FOLDER_FILES]);
}

/** A mouse drag along one line, as a person selects a claim. */
async function dragAcross(page, { x1, x2, y }) {
  await page.mouse.move(x1, y);
  await page.mouse.down();
  await page.mouse.move((x1 + x2) / 2, y, { steps: 8 });
  await page.mouse.move(x2, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(200);
}

/** Clicks at `at` and returns the download it starts, saying which when none comes. */
async function clickToDownload(page, at, what) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 10000 }),
    page.mouse.click(at.x, at.y),
  ]).catch(async (e) => {
    await page.screenshot({ path: path.join(out, "failed.png") });
    fail(`${what}: no download (screenshot out/failed.png): ${e.message}`);
  });
  return download;
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const { server, url } = await serve(dist);
  try {
    const project = await withoutFolderAccess(url);
    await inPlace(url);
    await refused(url);
    await migrated(url, project);
  } finally {
    server.kill();
  }
}

/** Firefox and Safari have no showDirectoryPicker: work kept in the browser. */
async function withoutFolderAccess(url) {
  console.log("# without the File System Access API (as Firefox, Safari)");
  const { context, page, errors, close } = await launch(() => {
    delete window.showDirectoryPicker;
  });
  try {

    // 1. The sample opens at once. Timed in the page, from the start of the
    // navigation (performance.now() = 0) to the first frame showing it.
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (window.__crosscheckShown === undefined && /^docs=/.test(document.body?.dataset.crosscheck ?? "")) {
          window.__crosscheckShown = performance.now();
        }
      }).observe(document, { attributes: true, subtree: true });
    });
    await limitQuota(context, page, url);
    const started = Date.now();
    await page.goto(url);
    await state(page, /^docs=4 /, "the sample opens");
    const wallMs = Date.now() - started;
    const shownMs = Math.round(await page.evaluate(() => window.__crosscheckShown));
    console.log(`# sample shown ${shownMs} ms after navigation start (${wallMs} ms from the test's goto, browser just launched)`);
    check(shownMs <= SHOWN_WITHIN_MS, `the sample is shown within ${SHOWN_WITHIN_MS} ms (${shownMs} ms)`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "01-sample-opened.png") });

    // The first visit asks for the annotator's name, as the desktop does.
    const first = await page.evaluate(() => document.body.dataset.crosscheck);
    check(/asking=true/.test(first), "a first visit asks for the annotator's name");
    await page.keyboard.type("Student");
    await page.keyboard.press("Enter");
    await state(page, /asking=false/, "the name is taken");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "02-named.png") });

    // 2. A drag across a line of the article and key 2 make a claim.
    const drag = JSON.parse(process.env.CROSSCHECK_DRAG ?? "null") ?? { x1: 420, x2: 700, y: 214 };
    await dragAcross(page, drag);
    await page.screenshot({ path: path.join(out, "03-highlighted.png") });
    await page.keyboard.press("2");
    await state(page, /claims=1 /, "drag and 2 make a claim");
    // Autosave is as prompt as on the desktop (within about a second).
    const savedFrom = Date.now();
    await state(page, /claims=1 save=saved/, "the claim is saved", 5000);
    console.log(`# saved ${Date.now() - savedFrom} ms after the claim was made`);
    await page.screenshot({ path: path.join(out, "04-claim-made.png") });

    // 3. After a reload the claim is still there.
    await page.reload();
    await state(page, /^docs=4 claims=1 save=saved asking=false/, "after a reload the claim is still there");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "05-reloaded.png") });

    // 4. An export downloads a file whose offsets slice to the claim's text.
    // Right after a load the window takes its first click for focus: one
    // on empty space below the article.
    await page.mouse.click(VIEWPORT.width / 2, VIEWPORT.height - 60);
    await page.keyboard.press("Control+E");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "06-export-window.png") });
    const button = JSON.parse(process.env.CROSSCHECK_EXPORT_BUTTON ?? "null") ?? { x: 397, y: 365 };
    const download = await clickToDownload(page, button, "the export");
    const exported = path.join(out, download.suggestedFilename());
    await download.saveAs(exported);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "07-exported.png") });
    check(download.suggestedFilename() === "fever.jsonl", `the export downloads fever.jsonl (${download.suggestedFilename()})`);
    const rows = fs.readFileSync(exported, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    check(rows.length === 1, "the export holds the one claim");
    const row = rows[0];
    const article = fs.readFileSync(path.join(repo, "seeds", row.doc), "utf8").replace(/\r\n?/g, "\n");
    const quote = codePoints(article, row.start, row.end);
    console.log(`# claim ${row.id} in ${row.doc} [${row.start}, ${row.end}): ${JSON.stringify(row.claim)}`);
    check(row.claim.length > 0 && quote === row.claim, "the export's code point offsets slice the article to the claim's text");
    check(/^\S(.*\S)?$/s.test(row.claim), "the drag snapped to whole words");
    check(row.label === "contradicts" && row.annotator === "Student", "the claim is labelled contradicts, by Student");

    // The project handed in: "Download project" gives what the page keeps.
    const keptText = await kept(page, SAMPLE_KEY);
    check(keptText && keptText.includes(row.id), "the browser keeps the project (RON) with the claim, in IndexedDB");
    check(await page.evaluate(() => Object.keys(localStorage).every((k) => !k.startsWith("crosscheck:"))),
      "nothing of the work is in local storage");
    const downloadButton = JSON.parse(process.env.CROSSCHECK_DOWNLOAD_BUTTON ?? "null") ?? { x: 288, y: 12 };
    const project = await clickToDownload(page, downloadButton, "Download project");
    const projectFile = path.join(out, project.suggestedFilename());
    await project.saveAs(projectFile);
    check(project.suggestedFilename() === "crosscheck.ron", "Download project gives crosscheck.ron");
    check(fs.readFileSync(projectFile, "utf8") === keptText, "the downloaded project is byte for byte what the browser keeps");

    // 5. Same files both ways, with the desktop's command line
    // (CROSSCHECK_BIN; .ci/run passes the binary `cargo test` built).
    {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), "crosscheck-handin-"));
      for (const name of fs.readdirSync(path.join(repo, "seeds"))) {
        fs.copyFileSync(path.join(repo, "seeds", name), path.join(folder, name));
      }
      const handedIn = path.join(folder, "crosscheck.ron");
      fs.copyFileSync(projectFile, handedIn);
      const checked = spawnSync(bin, ["check", handedIn], { encoding: "utf8" });
      check(checked.status === 0 && /all spans in place/.test(checked.stdout),
        `the desktop's crosscheck check reads the page's project (${(checked.stdout + checked.stderr).trim()})`);
      // The teacher's desktop writes it back (marked as an answer key)…
      const keyed = spawnSync(bin, ["key", handedIn, "--explain", `${row.id}=Wakefield chairs the federation`], { encoding: "utf8" });
      check(keyed.status === 0, `the desktop writes the project (${(keyed.stdout + keyed.stderr).trim()})`);
      const desktopBytes = fs.readFileSync(handedIn, "utf8");
      check(desktopBytes !== keptText && desktopBytes.includes("Wakefield chairs the federation"), "the desktop's file has the explanation");
      // …and the page opens it (Open project… in the bar), keeping the same bytes.
      const openButton = JSON.parse(process.env.CROSSCHECK_OPEN_BUTTON ?? "null") ?? { x: 167, y: 12 };
      const [chooser] = await Promise.all([
        page.waitForEvent("filechooser", { timeout: 10000 }),
        page.mouse.click(openButton.x, openButton.y),
      ]).catch(async (e) => {
        await page.screenshot({ path: path.join(out, "failed.png") });
        fail(`Open project… opened no file chooser (screenshot out/failed.png): ${e.message}`);
      });
      await chooser.setFiles(handedIn);
      const got = await keptBecomes(page, SAMPLE_KEY, desktopBytes);
      if (got !== desktopBytes) {
        fs.writeFileSync(path.join(out, "kept-after-open.ron"), got ?? "");
        fs.writeFileSync(path.join(out, "desktop.ron"), desktopBytes);
        await page.screenshot({ path: path.join(out, "failed.png") });
        fail("the page did not keep the desktop's project byte for byte (out/kept-after-open.ron, out/desktop.ron, out/failed.png)");
      }
      console.log("ok - the page opens the desktop's project and keeps it byte for byte");
      await state(page, /claims=1 save=saved/, "the desktop's project is open");
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(out, "08-desktop-project-opened.png") });
      fs.rmSync(folder, { recursive: true, force: true });
    }

    // 6. Unsaved work is never dropped: with the browser's storage full the
    // save fails, the window says so, and leaving the page asks first.
    const before = await page.evaluate(() => Number(/claims=(\d+)/.exec(document.body.dataset.crosscheck)[1]));
    const blocks = await fillStorage(page);
    console.log(`# storage filled with ${blocks} blocks`);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("1");
    await state(page, new RegExp(`claims=${before + 1} save=failed`), "with the storage full the save fails");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "09-storage-full.png") });
    check(await leavingAsks(page), "leaving the page with unsaved work asks first (beforeunload)");
    await state(page, new RegExp(`claims=${before + 1} save=failed`), "staying keeps the unsaved claim");
    await freeStorage(page);
    await page.keyboard.press("Control+S");
    await state(page, new RegExp(`claims=${before + 1} save=saved`), "with room again Ctrl+S saves it");

    // 7. A folder from the computer (<input webkitdirectory>): its articles
    // and the labels are kept in the browser, so a reload opens it again.
    const picked = fs.mkdtempSync(path.join(os.tmpdir(), "crosscheck-folder-"));
    const articles = path.join(picked, "class-articles");
    fs.mkdirSync(path.join(articles, "week 2"), { recursive: true });
    const zurich = "Zürich 🚆 trains ran late.\r\nThe council denied it on Monday.\r\n";
    fs.writeFileSync(path.join(articles, "week 2", "zurich.txt"), zurich);
    fs.writeFileSync(path.join(articles, "notes.md"), "# Notes\n\nNothing here contradicts anything.\n");
    fs.writeFileSync(path.join(articles, "photo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    fs.writeFileSync(path.join(articles, ".hidden.txt"), "not an article");
    const [folderChooser] = await Promise.all([
      page.waitForEvent("filechooser", { timeout: 10000 }),
      page.keyboard.press("Control+O"),
    ]);
    await folderChooser.setFiles(articles);
    await state(page, /^docs=2 claims=0 /, "the picked folder opens with its two articles");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "10-folder-opened.png") });
    // The list is sorted by id: notes.md, then week 2/zurich.txt.
    await page.keyboard.press("]");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("2");
    await state(page, /^docs=2 claims=1 save=saved/, "a claim in the picked folder is saved", 5000);
    await page.reload();
    await state(page, /^docs=2 claims=1 save=saved/, "after a reload the folder and its claim are back");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "11-folder-reloaded.png") });
    // Right after a load the window takes its first click for focus (as in
    // step 4): one on empty space.
    await page.mouse.click(VIEWPORT.width / 2, VIEWPORT.height - 60);
    await page.keyboard.press("Control+E");
    await page.waitForTimeout(300);
    const folderExport = await clickToDownload(page, button, "the folder's export");
    const folderRows = fs.readFileSync(await folderExport.path(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const zr = folderRows[0];
    const zurichText = zurich.replace(/\r\n?/g, "\n");
    console.log(`# claim in ${zr.doc} [${zr.start}, ${zr.end}): ${JSON.stringify(zr.claim)}`);
    check(folderRows.length === 1 && zr.doc === "week 2/zurich.txt", "the folder's claim is in week 2/zurich.txt");
    check(zr.claim.length > 0 && codePoints(zurichText, zr.start, zr.end) === zr.claim,
      "offsets past an emoji and an umlaut are code points (CRLF read as LF)");
    fs.rmSync(picked, { recursive: true, force: true });

    check(errors.length === 0, `no errors on the page${errors.length ? ": " + errors.join("; ") : ""}`);
    return keptText;
  } finally {
    await close();
  }
}

// The folder the fake picker hands out, in the origin private file system:
// an emoji and CRLF, Arabic, a file in windows-1252 (bytes, not text), a
// sub-folder; files the desktop leaves out.
const FOLDER = "class-week-3";
const FOLDER_FILES = {
  "01 zurich.txt": "Zürich 🚆 trains ran late on Monday, the council said in a statement.\r\nThe council denied it on Tuesday.\r\n",
  "02 بيان الشرطة.txt": "قالت الشرطة إن القطارات 🚓 تأخرت يوم الاثنين في زيورخ.\n",
  "week 3/notes.md": "# Notes\n\nNothing here contradicts anything.\n",
  // "Café crème: le conseil a démenti lundi." in windows-1252.
  "week 3/cafe-latin1.txt": { bytes: [...Buffer.from("Caf\u00e9 cr\u00e8me: le conseil a d\u00e9menti lundi, \u00e0 la mairie.\n", "latin1")] },
  "week 3/.cache/seen.txt": "hidden folder, not an article",
  ".hidden.txt": "not an article",
  "photo.png": "\u0089PNG not text",
  "someone-else.ron": "(not read: a project file is not an article)",
};

/** Chrome, Edge, ChromeOS: the folder opened in place, the project saved in it. */
async function inPlace(url) {
  console.log("# with the File System Access API (as Chrome, Edge, ChromeOS)");
  const { context, page, errors, close } = await launch(() => {
    // The native picker cannot be clicked by Playwright: hand the page a
    // folder of the origin private file system instead (a real
    // FileSystemDirectoryHandle). Permission is asked for as Chrome does
    // after a reload: `prompt` until requestPermission is called.
    let granted = false;
    window.__permissionRequests = 0;
    window.showDirectoryPicker = async (options) => {
      window.__pickerOptions = options;
      granted = true;
      const root = await navigator.storage.getDirectory();
      return root.getDirectoryHandle("class-week-3", { create: true });
    };
    FileSystemHandle.prototype.queryPermission = async function () {
      return granted ? "granted" : "prompt";
    };
    FileSystemHandle.prototype.requestPermission = async function () {
      window.__permissionRequests++;
      granted = !window.__denyPermission;
      return granted ? "granted" : "denied";
    };
    // The browser taking the permission back while the folder is open (the
    // person revoked it in the site's settings): writes are refused as
    // Chrome refuses them, until it is given again.
    let withdrawn = false;
    window.__withdraw = () => { granted = false; withdrawn = true; };
    const createWritable = FileSystemFileHandle.prototype.createWritable;
    FileSystemFileHandle.prototype.createWritable = function (...args) {
      if (withdrawn && !granted) return Promise.reject(new DOMException("The request is not allowed.", "NotAllowedError"));
      return createWritable.apply(this, args);
    };
  });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "crosscheck-inplace-"));
  try {
    await limitQuota(context, page, url);
    await page.goto(url);
    await state(page, /^docs=4 .*asking=true kept=browser$/, "the sample opens, kept in the browser");
    await page.keyboard.type("Student");
    await page.keyboard.press("Enter");
    await state(page, /asking=false/, "the name is taken");
    await writeFolder(page);

    // Open folder… (Ctrl+O) opens it in place.
    await page.keyboard.press("Control+O");
    await state(page, new RegExp(`^docs=4 claims=0 save=saved asking=false kept=folder:${FOLDER}$`),
      "the folder opens in place with its four articles");
    const options = await page.evaluate(() => window.__pickerOptions);
    check(options?.mode === "readwrite", `the picker asks for read and write (${JSON.stringify(options)})`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "20-in-place-opened.png") });

    // A drag over the first line of "01 zurich.txt" and key 2.
    const drag = JSON.parse(process.env.CROSSCHECK_FOLDER_DRAG ?? "null") ?? { x1: 420, x2: 700, y: 150 };
    await dragAcross(page, drag);
    await page.keyboard.press("2");
    await state(page, /claims=1 save=saved .*kept=folder:/, "drag and 2 make a claim, saved in the folder", 5000);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "21-in-place-saved.png") });

    // crosscheck.ron is in the folder, the bytes the desktop reads.
    const ron = await folderFile(page, FOLDER, "crosscheck.ron");
    check(ron !== null && /contradicts/.test(ron), "crosscheck.ron is written into the folder, with the claim");
    check(await kept(page, `file:/browser/in-place/${FOLDER}/crosscheck.ron`) === ron,
      "a copy of the same bytes is kept in the browser");
    const swap = await page.evaluate(async (dir) => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(dir);
      const names = [];
      for await (const name of folder.keys()) names.push(name);
      return names;
    }, FOLDER);
    check(!swap.some((n) => n.endsWith(".crswap")), `no swap file is left beside it (${swap.join(", ")})`);
    const disk = path.join(work, FOLDER);
    for (const [name, text] of Object.entries(FOLDER_FILES)) {
      fs.mkdirSync(path.dirname(path.join(disk, name)), { recursive: true });
      fs.writeFileSync(path.join(disk, name), typeof text === "string" ? text : Buffer.from(text.bytes));
    }
    fs.writeFileSync(path.join(disk, "crosscheck.ron"), ron);
    const checked = spawnSync(bin, ["check", path.join(disk, "crosscheck.ron")], { encoding: "utf8" });
    check(checked.status === 0 && /all spans in place/.test(checked.stdout),
      `the desktop's crosscheck check reads the folder's project (${(checked.stdout + checked.stderr).trim()})`);
    // The page recorded each article's hash as it decoded it; the desktop
    // finds every one the same (the windows-1252 file too).
    check(ron.includes('"week 3/cafe-latin1.txt"') && !/changed|missing|differ/i.test(checked.stdout),
      "the desktop decodes every article as the page did (same hashes, windows-1252 included)");
    const stats = spawnSync(bin, ["stats", path.join(disk, "crosscheck.ron")], { encoding: "utf8" });
    const statsLine = (stats.stdout.match(/^documents .*$/m) ?? [""])[0];
    check(stats.status === 0 && /^documents\s+4 /.test(statsLine), `crosscheck stats counts the same four articles (${statsLine})`);
    const exported = path.join(work, "fever.jsonl");
    const exportRun = spawnSync(bin, ["export", path.join(disk, "crosscheck.ron"), "--format", "fever", "--output", exported], { encoding: "utf8" });
    check(exportRun.status === 0, `the desktop exports it (${(exportRun.stdout + exportRun.stderr).trim()})`);
    const [row] = fs.readFileSync(exported, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const zurich = FOLDER_FILES["01 zurich.txt"].replace(/\r\n?/g, "\n");
    console.log(`# claim in ${row.doc} [${row.start}, ${row.end}): ${JSON.stringify(row.claim)}`);
    check(row.doc === "01 zurich.txt" && row.claim.length > 0 && codePoints(zurich, row.start, row.end) === row.claim,
      "its offsets slice the article to the claim's text in code points (past an emoji, CRLF read as LF)");
    const spans = [...ron.matchAll(/start: (\d+),\s*end: (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    check(spans.length > 0 && spans.every(([a, b]) => a === row.start && b === row.end),
      `the file's own start/end are those offsets (${JSON.stringify(spans)})`);

    // A reload shows the sample and offers to reopen the folder; the
    // browser asks for permission again, after the click.
    await page.reload();
    await state(page, new RegExp(`^docs=4 .*kept=browser reopen=${FOLDER}$`), "after a reload the page offers to reopen the folder");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "22-reopen-offered.png") });
    const reopen = JSON.parse(process.env.CROSSCHECK_REOPEN_BUTTON ?? "null") ?? { x: 430, y: 12 };
    // Permission refused: nothing opens, the window says why, the offer stays.
    await page.evaluate(() => { window.__denyPermission = true; });
    await page.mouse.click(reopen.x, reopen.y);
    await page.waitForFunction(() => window.__permissionRequests === 1, null, { timeout: 10000 });
    await page.waitForTimeout(500);
    await state(page, new RegExp(`^docs=4 .*kept=browser reopen=${FOLDER}$`), "with permission refused the sample stays, the offer too");
    await page.screenshot({ path: path.join(out, "22b-reopen-refused.png") });
    await page.evaluate(() => { window.__denyPermission = false; });
    await page.mouse.click(reopen.x, reopen.y);
    await state(page, new RegExp(`^docs=4 claims=1 save=saved asking=false kept=folder:${FOLDER}$`),
      "Reopen folder opens it again, with the claim");
    check(await page.evaluate(() => window.__permissionRequests) === 2, "each reopen asked the browser for permission");
    check(await kept(page, "asked:persist") !== null, "the page asked once for persistent storage (navigator.storage.persist)");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "23-reopened.png") });

    // The disk full: the save fails, the window says so, the work stays
    // (in the window and in the browser's copy), leaving asks first, and
    // Ctrl+S saves once there is room.
    await page.mouse.click(VIEWPORT.width / 2, VIEWPORT.height - 60);
    await fillStorage(page);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("1");
    await state(page, /claims=2 save=failed .*kept=folder:/, "with the disk full the save into the folder fails");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "24-folder-disk-full.png") });
    check(/claims|contradicts/.test(await folderFile(page, FOLDER, "crosscheck.ron")) &&
      (await folderFile(page, FOLDER, "crosscheck.ron")) === ron, "the folder's file is the last one saved, whole");
    check(await leavingAsks(page), "leaving with the save failed asks first (beforeunload)");
    await state(page, /claims=2 save=failed/, "staying keeps the unsaved claim");
    await freeStorage(page);
    await page.keyboard.press("Control+S");
    await state(page, /claims=2 save=saved .*kept=folder:/, "with room again Ctrl+S saves it into the folder");
    const ron2 = await folderFile(page, FOLDER, "crosscheck.ron");
    check([...ron2.matchAll(/label: Some\(/g)].length === 2 && ron2 !== ron, "the folder's file has both claims");
    check(await folderFile(page, FOLDER, "crosscheck.ron.bak") === ron, "the previous file is kept as crosscheck.ron.bak, as the desktop keeps it");

    // The permission withdrawn while the folder is open: the save fails, the
    // bar offers to allow saving again, and that click saves.
    await page.evaluate(() => window.__withdraw());
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("3");
    await state(page, /claims=3 save=failed/, "with the permission withdrawn the save fails");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "25-permission-withdrawn.png") });
    const allow = JSON.parse(process.env.CROSSCHECK_ALLOW_BUTTON ?? "null") ?? { x: 830, y: 12 };
    const asked = await page.evaluate(() => window.__permissionRequests);
    await page.mouse.click(allow.x, allow.y);
    await state(page, /claims=3 save=saved .*kept=folder:/, "Allow saving asks for the permission and saves");
    check(await page.evaluate(() => window.__permissionRequests) === asked + 1, "the permission was asked for again");
    check([...(await folderFile(page, FOLDER, "crosscheck.ron")).matchAll(/label: Some\(/g)].length === 3,
      "the folder's file has the three claims");

    // The folder gone (deleted or moved while open): the save fails and says so.
    await page.evaluate(async (dir) => {
      await (await navigator.storage.getDirectory()).removeEntry(dir, { recursive: true });
    }, FOLDER);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("1");
    await state(page, /claims=4 save=failed/, "with the folder gone the save fails");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "26-folder-gone.png") });
    await page.waitForTimeout(300);
    const copy = await kept(page, `file:/browser/in-place/${FOLDER}/crosscheck.ron`);
    check(copy !== null && [...copy.matchAll(/label: Some\(/g)].length === 4, "the browser's copy has all four claims");

    // Opening something else is refused while the work is not saved; the
    // person may still choose to (the browser's copy has the work).
    const sampleButton = JSON.parse(process.env.CROSSCHECK_SAMPLE_BUTTON ?? "null") ?? { x: 385, y: 12 };
    await page.mouse.click(sampleButton.x, sampleButton.y);
    await page.waitForTimeout(1500);
    await state(page, /^docs=4 claims=4 save=failed .*kept=folder:/, "the sample is not opened over unsaved work");
    await page.screenshot({ path: path.join(out, "26b-not-opened.png") });
    const anyway = JSON.parse(process.env.CROSSCHECK_ANYWAY_BUTTON ?? "null") ?? { x: 688, y: 35 };
    await page.mouse.click(anyway.x, anyway.y);
    await state(page, /^docs=4 claims=0 save=saved .*kept=browser reopen=/, "Open it anyway opens the sample");

    // The folder back (restored from a backup, say) and the tab reloaded:
    // Reopen brings the browser's newer copy and saves it into the folder.
    await writeFolder(page);
    await page.reload();
    await state(page, new RegExp(`^docs=4 .*kept=browser reopen=${FOLDER}$`), "after a reload the page offers the folder again");
    await page.mouse.click(reopen.x, reopen.y);
    await state(page, new RegExp(`^docs=4 claims=4 save=saved asking=false kept=folder:${FOLDER}$`),
      "Reopen restores the four claims the folder had missed");
    const restored = await (async () => {
      for (let i = 0; i < 100; i++) {
        const text = await folderFile(page, FOLDER, "crosscheck.ron");
        if (text !== null) return text;
        await page.waitForTimeout(50);
      }
      return null;
    })();
    check(restored === copy, "and writes them into the folder, the bytes the browser kept");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "27-restored.png") });

    check(errors.length === 0, `no errors on the page${errors.length ? ": " + errors.join("; ") : ""}`);
  } finally {
    await close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A browser that will not open folders in place (a Chromebook managed to
 * forbid it, or the person said no): the folder's files are read instead. */
async function refused(url) {
  console.log("# opening in place refused (policy)");
  const { page, errors, close } = await launch(() => {
    window.showDirectoryPicker = async () => {
      throw new DOMException("Blocked by your administrator", "SecurityError");
    };
  });
  const picked = fs.mkdtempSync(path.join(os.tmpdir(), "crosscheck-refused-"));
  try {
    const articles = path.join(picked, "handout");
    fs.mkdirSync(articles);
    fs.writeFileSync(path.join(articles, "one.txt"), "One article.\n");
    fs.writeFileSync(path.join(articles, "two.md"), "Another one.\n");
    await page.goto(url);
    await state(page, /^docs=4 .*asking=true/, "the sample opens");
    await page.keyboard.type("Student");
    await page.keyboard.press("Enter");
    await state(page, /asking=false/, "the name is taken");
    await page.keyboard.press("Control+O");
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(out, "30-in-place-refused.png") });
    const instead = JSON.parse(process.env.CROSSCHECK_INSTEAD_BUTTON ?? "null") ?? { x: 700, y: 37 };
    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser", { timeout: 10000 }),
      page.mouse.click(instead.x, instead.y),
    ]).catch(async (e) => {
      await page.screenshot({ path: path.join(out, "failed.png") });
      fail(`the refused folder offers no way to read its files (screenshot out/failed.png): ${e.message}`);
    });
    await chooser.setFiles(articles);
    await state(page, /^docs=2 claims=0 .*kept=browser/, "its files are read instead, the work kept in the browser");
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, "31-files-instead.png") });
    check(errors.length === 0, `no errors on the page${errors.length ? ": " + errors.join("; ") : ""}`);
  } finally {
    await close();
    fs.rmSync(picked, { recursive: true, force: true });
  }
}

/** Work kept in local storage by the page before IndexedDB is moved over, once. */
async function migrated(url, projectText) {
  console.log("# earlier work in local storage");
  const { page, errors, close } = await launch(null);
  try {
    await page.goto(url);
    await state(page, /^docs=4 claims=0 /, "a fresh browser shows the sample without claims");
    await page.evaluate((text) => localStorage.setItem("crosscheck:file:/browser/sample/crosscheck.ron", text), projectText);
    await page.reload();
    await state(page, /^docs=4 claims=1 /, "after a reload the claim kept in local storage is there");
    check(await keptBecomes(page, SAMPLE_KEY, projectText) === projectText, "it is in IndexedDB, byte for byte");
    check(await page.evaluate(() => localStorage.getItem("crosscheck:file:/browser/sample/crosscheck.ron")) === null,
      "and no longer in local storage");
    check(errors.length === 0, `no errors on the page${errors.length ? ": " + errors.join("; ") : ""}`);
  } finally {
    await close();
  }
}

main().then(
  () => console.log("browser test passed"),
  (e) => {
    console.error(`not ok - ${e.message}`);
    process.exit(1);
  },
);
