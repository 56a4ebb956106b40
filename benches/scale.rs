//! Scale benchmark: `cargo bench --bench scale [-- --scale 0.1]`.
//!
//! Generates its own data (seeded, nothing downloaded), runs the real code
//! paths, prints a table and writes `bench-scale.json` into the target
//! folder. See BENCHMARKS.md for what each figure means.
// Test code: a failed unwrap is a failed test (clippy.toml allows it only
// inside #[test] functions; helpers and benches need it at the root).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

use crosscheck::agreement::{self, Annotator};
use crosscheck::app::{Action, AppPaths, CrosscheckApp, ScriptedDialogs, Settings};
use crosscheck::corpus::{Corpus, Document, Progress};
use crosscheck::export::{Format, export};
use crosscheck::project::{self, Claim, ClaimId, Edit, Evidence, Project, Span, sync_with_corpus};
use crosscheck::workspace::Workspace;

mod common;
use common::{Rng, article, out_path, scale_arg};

const WINDOW: [f32; 2] = [1400.0, 900.0];
const FRAME_DT: f64 = 1.0 / 60.0;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn span(doc: &Document, rng: &mut Rng) -> Span {
    let len = doc.char_len();
    let width = 20 + rng.below(60);
    let start = rng.below(len.saturating_sub(width + 1));
    Span::from_document(doc, start, start + width).expect("generated span is inside the text")
}

fn claim_id(rng: &mut Rng) -> ClaimId {
    ClaimId(format!("c{:016x}", rng.next()))
}

const LABELS: [&str; 3] = ["agrees", "contradicts", "unverified"];

/// `per_doc` claims on each document of `corpus` (spread round-robin up to
/// `total`), each with one evidence span in another document.
fn make_project(corpus: &Corpus, total: usize, rng: &mut Rng) -> Res<Project> {
    let mut project = Project::new(".");
    sync_with_corpus(&mut project, corpus);
    let docs = &corpus.documents;
    for i in 0..total {
        let doc = &docs[i % docs.len()];
        let other = &docs[(i * 7 + 1) % docs.len()];
        let mut claim = Claim::new(
            span(doc, rng),
            Some(LABELS[i % 3].into()),
            "bench",
            "2026-01-01T00:00:00Z",
        );
        claim.id = claim_id(rng);
        claim.evidence.push(Evidence {
            id: format!("e{:016x}", rng.next()),
            span: span(other, rng),
            relation: LABELS[(i + 1) % 2].into(),
            annotator: "bench".into(),
            created: "2026-01-01T00:00:00Z".into(),
        });
        project.apply(Edit::AddClaim(Box::new(claim)))?;
    }
    Ok(project)
}

/// `annotators` projects that label the same `total` places with some
/// noise: each skips 10 % of them, moves the boundaries of 15 %, picks
/// another label for 20 %, and adds 5 % of its own.
fn make_team(corpus: &Corpus, total: usize, annotators: usize, rng: &mut Rng) -> Res<Vec<Project>> {
    let docs = &corpus.documents;
    let places: Vec<(usize, Span, usize, Span)> = (0..total)
        .map(|i| {
            let doc = i % docs.len();
            let other = (i * 7 + 1) % docs.len();
            (doc, span(&docs[doc], rng), other, span(&docs[other], rng))
        })
        .collect();
    let nudge = |doc: &Document, s: &Span, rng: &mut Rng| -> Span {
        let start = s.start.saturating_sub(rng.below(4));
        let end = (s.end + rng.below(4)).min(doc.char_len());
        Span::from_document(doc, start, end.max(start + 1)).unwrap_or_else(|| s.clone())
    };
    let mut team = Vec::new();
    for a in 0..annotators {
        let mut project = Project::new(".");
        sync_with_corpus(&mut project, corpus);
        let name = format!("a{a}");
        let mut edits = Vec::with_capacity(total);
        for (i, (doc, claim_span, other, evidence_span)) in places.iter().enumerate() {
            let roll = rng.below(100);
            if roll < 10 {
                continue;
            }
            let claim_span = if roll < 25 {
                nudge(&docs[*doc], claim_span, rng)
            } else {
                claim_span.clone()
            };
            let label = if rng.below(100) < 20 {
                rng.below(3)
            } else {
                i % 3
            };
            let mut claim = Claim::new(
                claim_span,
                Some(LABELS[label].into()),
                &name,
                "2026-01-01T00:00:00Z",
            );
            claim.id = claim_id(rng);
            claim.evidence.push(Evidence {
                id: "e0".into(),
                span: nudge(&docs[*other], evidence_span, rng),
                relation: LABELS[i % 2].into(),
                annotator: name.clone(),
                created: "2026-01-01T00:00:00Z".into(),
            });
            edits.push(Edit::AddClaim(Box::new(claim)));
            if rng.below(100) < 5 {
                let own = &docs[rng.below(docs.len())];
                let mut extra = Claim::new(
                    span(own, rng),
                    Some(LABELS[rng.below(3)].into()),
                    &name,
                    "2026-01-01T00:00:00Z",
                );
                extra.id = claim_id(rng);
                edits.push(Edit::AddClaim(Box::new(extra)));
            }
        }
        project.apply(Edit::Batch(edits))?;
        team.push(project);
    }
    Ok(team)
}

fn write_corpus(dir: &Path, n: usize, rng: &mut Rng) -> Res<u64> {
    let mut total = 0;
    for i in 0..n {
        // 100 articles a folder, as a large corpus would be organised.
        let sub = dir.join(format!("batch{:03}", i / 100));
        std::fs::create_dir_all(&sub)?;
        let text = article(rng, 5_000, &format!("Report {i}: what happened"));
        total += text.len() as u64;
        std::fs::write(sub.join(format!("article{i:05}.txt")), text)?;
    }
    Ok(total)
}

fn raw_input(time: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(WINDOW[0], WINDOW[1]),
        )),
        time: Some(time),
        predicted_dt: FRAME_DT as f32,
        ..Default::default()
    }
}

/// A headless window: one egui context driven frame by frame.
struct Window {
    ctx: egui::Context,
    time: f64,
}

impl Window {
    fn new() -> Self {
        Self {
            ctx: egui::Context::default(),
            time: 0.0,
        }
    }

    /// One frame, including tessellation (what the CPU does before the GPU
    /// gets the triangles). Returns its duration in ms.
    fn frame(&mut self, app: &mut CrosscheckApp) -> f64 {
        self.time += FRAME_DT;
        let t = Instant::now();
        let mut out = self.ctx.run_ui(raw_input(self.time), |ui| app.frame_ui(ui));
        // No renderer here to take the font atlas.
        out.textures_delta.clear();
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
        ms(t)
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn app_over(ws: Workspace, dir: &Path) -> CrosscheckApp {
    let paths = AppPaths {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
    };
    let settings = Settings {
        annotator: "bench".into(),
        ..Settings::default()
    };
    CrosscheckApp::with_workspace(paths, settings, Box::new(ScriptedDialogs::default()), ws)
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The corpus index: its build (as the window's worker runs it), a search
/// per keystroke of typed queries, and suggestions for sentences taken as
/// claims. The memory figure is what the index adds: the larger of the
/// peak's rise during the build and the resident size kept after it.
fn search_figures(corpus: &Corpus, rng: &mut Rng) -> Vec<Figure> {
    use crosscheck::search::semantic::{SemanticIndex, StaticModel};
    use crosscheck::search::{BuildProgress, Index, MEANING_WEIGHT, Ranking, SuggestOptions};
    let docs = &corpus.documents;
    let (hwm0, rss0) = (peak_rss_mb().unwrap_or(0.0), rss_mb().unwrap_or(0.0));
    let t = Instant::now();
    let index = Index::build_with_progress(docs, &BuildProgress::default());
    let index_ms = ms(t);
    let Some(index) = index else {
        return Vec::new();
    };
    let added = (peak_rss_mb().unwrap_or(0.0) - hwm0).max(rss_mb().unwrap_or(0.0) - rss0);
    // Each query typed a character at a time, searched after every one.
    let typed = [
        "Hampshire firearms officers",
        "police said officers were sent",
        "\"officers were sent\" London",
        "minister denied the report",
        "crowd gathered outside",
    ];
    let mut search_times = Vec::new();
    let mut hits = 0;
    for q in typed {
        for (i, _) in q.char_indices().skip(1) {
            let t = Instant::now();
            let r = index.search_text(docs, &q[..i], 50);
            search_times.push(ms(t));
            hits += r.map_or(0, |r| r.hits.len());
        }
    }
    search_times.sort_by(f64::total_cmp);
    // The sentence vectors, as the window's second worker makes them.
    let Some(model) = StaticModel::shipped() else {
        return Vec::new();
    };
    let rss1 = rss_mb().unwrap_or(0.0);
    let t = Instant::now();
    let Some(semantic) =
        SemanticIndex::build(model, docs, index.units(), &BuildProgress::default())
    else {
        return Vec::new();
    };
    let semantic_ms = ms(t);
    let semantic_added = rss_mb().unwrap_or(0.0) - rss1;
    // A reopen: the vectors kept by the last session read back and reused.
    let kept = tempfile::tempdir().ok();
    let file = kept.as_ref().map(|d| d.path().join("corpus.vectors"));
    let fingerprint = model.fingerprint();
    let reopen_ms = file.as_ref().and_then(|f| {
        crosscheck::search::semantic::save(&semantic, docs, &fingerprint, f).ok()?;
        let t = Instant::now();
        let cached = crosscheck::search::semantic::Cached::load(f, &fingerprint, model.dims())?;
        SemanticIndex::build_reusing(
            model,
            docs,
            index.units(),
            Some(&cached),
            &BuildProgress::default(),
        )?;
        Some(ms(t))
    });
    let mut suggest_times = Vec::new();
    let mut kept_of_exact = Vec::new();
    for _ in 0..60 {
        let d = rng.below(docs.len());
        let units = index.units_of(d);
        if units.is_empty() {
            continue;
        }
        let u = units[rng.below(units.len())];
        let claim = docs[d]
            .slice(u.start as usize, u.end as usize)
            .unwrap_or_default();
        // As the window asks: ten articles' best, by words and meaning.
        let options = SuggestOptions {
            exclude: Some(d),
            top: 10,
            per_article: Some(1),
            ranking: Ranking::Claim,
            meaning: Some((model, &semantic)),
            meaning_weight: MEANING_WEIGHT,
        };
        let t = Instant::now();
        let _ = index.suggest_with(docs, claim, &options);
        suggest_times.push(ms(t));
        // Untimed: how much of the exact ranking by meaning the fast one
        // (sign codes, then bytes) keeps, at the depth the fusion takes.
        if let Some(q) = model.embed(claim) {
            let fast = semantic.nearest(&q, 0..0, 200);
            let exact = semantic.nearest_exact(&q, 0..0, 200);
            let shared = fast
                .iter()
                .filter(|(u, _)| exact.iter().any(|(e, _)| e == u))
                .count();
            kept_of_exact.push(shared as f64 / exact.len().max(1) as f64);
        }
    }
    suggest_times.sort_by(f64::total_cmp);
    let kept_exact = kept_of_exact.iter().sum::<f64>() / kept_of_exact.len().max(1) as f64;
    vec![
        Figure {
            key: "search_index_ms",
            value: index_ms,
            goal: 2000.0,
            what: format!(
                "index {} sentences, {} terms of {} articles (worker thread; 2 cores)",
                index.unit_count(),
                index.term_count(),
                docs.len()
            ),
        },
        Figure {
            key: "search_ms_p95",
            value: percentile(&search_times, 95.0),
            goal: 30.0,
            what: format!(
                "p95 of {} searches, one per keystroke of 5 typed queries (p50 {:.2} ms, {hits} results)",
                search_times.len(),
                percentile(&search_times, 50.0)
            ),
        },
        Figure {
            key: "suggest_ms_p95",
            value: percentile(&suggest_times, 95.0),
            goal: 30.0,
            what: format!(
                "p95 of {} suggestion lists (top 10, 1 per article, words and meaning) for random sentences as claims (p50 {:.2} ms)",
                suggest_times.len(),
                percentile(&suggest_times, 50.0)
            ),
        },
        Figure {
            key: "semantic_nearest_kept",
            value: kept_exact,
            goal: f64::NAN,
            what: format!(
                "share of the exact 200 nearest sentences by meaning that the fast search (sign codes, then the bytes of {}× as many) returns, mean of {} claims (not a goal)",
                crosscheck::search::semantic::RESCORE_FACTOR,
                kept_of_exact.len()
            ),
        },
        Figure {
            key: "semantic_index_ms",
            value: semantic_ms,
            goal: 20_000.0,
            what: format!(
                "sentence vectors for {} sentences (static embedding, {} dimensions; worker thread)",
                semantic.unit_count(),
                model.dims()
            ),
        },
        Figure {
            key: "semantic_reopen_ms",
            value: reopen_ms.unwrap_or(f64::NAN),
            goal: 1000.0,
            what: "the same vectors on a reopen: read from the kept file and reused".to_owned(),
        },
        Figure {
            key: "semantic_index_mb",
            value: semantic_added.max(semantic.heap_bytes() as f64 / 1e6),
            goal: 200.0,
            what: format!(
                "memory the sentence vectors add ({:.1} MB of vectors)",
                semantic.heap_bytes() as f64 / 1e6
            ),
        },
        Figure {
            key: "search_index_mb",
            value: added,
            goal: 150.0,
            what: format!(
                "memory the index adds (its vectors: {:.1} MB)",
                index.heap_bytes() as f64 / 1e6
            ),
        },
    ]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The window's life in a process of its own, as a person's session is:
/// open the corpus, load the project, draw the first frame, save (as the
/// autosave would), and print the process's peak memory. The benchmark's
/// own process cannot tell this: it built the 100,000 claims itself, and
/// the allocator keeps what that freed.
fn fresh_process(dir: &Path) -> Res<()> {
    let corpus = Corpus::open(dir)?;
    phase("fresh: corpus open");
    let project_path = dir.join(project::DEFAULT_PROJECT_FILE);
    let t = Instant::now();
    let (loaded, hash) = project::load_hashed(&project_path)?;
    let load_ms = ms(t);
    phase("fresh: loaded");
    let ws = Workspace {
        corpus,
        project: loaded,
        project_path: project_path.clone(),
        report: Default::default(),
        is_new: false,
        journal: project::journal::JournalState {
            base: Some(hash),
            ..Default::default()
        },
    };
    let config = tempfile::tempdir()?;
    let mut app = app_over(ws, config.path());
    let mut window = Window::new();
    window.frame(&mut app);
    phase("fresh: first frame");
    let session = app.session().ok_or("no session")?;
    project::save(&session.workspace().project, &project_path)?;
    phase("fresh: saved");
    println!("{} {load_ms}", peak_rss_mb().ok_or("no VmHWM")?);
    Ok(())
}

/// [`fresh_process`] run as a child of this benchmark: (peak memory in
/// MB, time to load the project in ms).
fn fresh_process_figures(dir: &Path) -> Res<(f64, f64)> {
    let out = std::process::Command::new(std::env::current_exe()?)
        .env(FRESH_ENV, dir)
        .stderr(std::process::Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err(format!("the fresh process failed: {}", out.status).into());
    }
    let text = String::from_utf8(out.stdout)?;
    let mut figures = text.split_whitespace().map(str::parse::<f64>);
    match (figures.next(), figures.next()) {
        (Some(peak), Some(load)) => Ok((peak?, load?)),
        _ => Err(format!("the fresh process said {text:?}").into()),
    }
}

/// Memory at a phase of the run, on stderr: where the peak comes from.
fn phase(name: &str) {
    eprintln!(
        "  {name}: rss {:.0} MB, peak {:.0} MB",
        rss_mb().unwrap_or(f64::NAN),
        peak_rss_mb().unwrap_or(f64::NAN)
    );
}

fn copy_dir(from: &Path, to: &Path) -> Res<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

struct Figure {
    key: &'static str,
    value: f64,
    goal: f64,
    what: String,
}

/// Set in the child that measures memory (see [`fresh_process`]).
const FRESH_ENV: &str = "CROSSCHECK_BENCH_FRESH";
/// Set in the child that opens a dataset folder (see [`dataset_process`]).
const DATASET_ENV: &str = "CROSSCHECK_BENCH_DATASET";
/// How many fresh processes open the generated folder.
const FRESH_RUNS: usize = 3;

fn main() -> Res<()> {
    if let Some(dir) = std::env::var_os(FRESH_ENV) {
        return fresh_process(Path::new(&dir));
    }
    if let Some(dir) = std::env::var_os(DATASET_ENV) {
        return dataset_process(Path::new(&dir));
    }
    let started = Instant::now();
    let scale = scale_arg();
    let n_docs = ((10_000.0 * scale) as usize).max(2);
    let n_claims = ((100_000.0 * scale) as usize).max(1);
    let long_bytes = ((5_000_000.0 * scale) as usize).max(10_000);
    let long_claims = ((20_000.0 * scale) as usize).max(1);
    let mut rng = Rng(0x5eed_c0ff_ee15_1234);
    let tmp = tempfile::tempdir()?;
    let corpus_dir = tmp.path().join("corpus");
    eprintln!(
        "scale {scale}: generating {n_docs} articles in {}",
        corpus_dir.display()
    );
    let bytes = write_corpus(&corpus_dir, n_docs, &mut rng)?;
    // For working on one part: CROSSCHECK_BENCH_ONLY=search or =study
    // measures that part alone (over the same generated corpus).
    match std::env::var("CROSSCHECK_BENCH_ONLY").as_deref() {
        Ok("search") => {
            let figures =
                search_figures(&Corpus::open(&corpus_dir)?, &mut Rng(0x5ea2_c4ed_0123_4567));
            return print_figures(scale, &figures, started, "bench-scale-search.json");
        }
        Ok("inputs") => {
            let figures = input_figures(scale, &mut Rng(0x1a9e_5024_0000_0024))?;
            return print_figures(scale, &figures, started, "bench-scale-inputs.json");
        }
        Ok("study") => {
            let figures = study_figures(scale, &mut Rng(0x57d1_2026_0000_0026))?;
            return print_figures(scale, &figures, started, "bench-scale-study.json");
        }
        _ => {}
    }

    // Warm the OS cache with an untimed read, then time a fresh open.
    let _ = Corpus::open(&corpus_dir)?;
    let t = Instant::now();
    let corpus = Corpus::open_with_progress(&corpus_dir, &Progress::default())?;
    let corpus_open_ms = ms(t);
    phase("corpus open");
    assert_eq!(corpus.len(), n_docs, "every generated article is read");

    eprintln!("building a project of {n_claims} claims");
    let project = make_project(&corpus, n_claims, &mut rng)?;
    phase("project built");
    let project_path = corpus_dir.join(project::DEFAULT_PROJECT_FILE);

    // Save twice: the first creates the file, the second (timed) also keeps
    // the previous version as the backup, as every later save does.
    project::save(&project, &project_path)?;
    let t = Instant::now();
    project::save(&project, &project_path)?;
    let save_ms = ms(t);
    let file_mb = std::fs::metadata(&project_path)?.len() as f64 / 1e6;
    phase("saved");
    // For profiling load and save on their own: the generated corpus and
    // project are copied where CROSSCHECK_BENCH_KEEP names.
    if let Some(keep) = std::env::var_os("CROSSCHECK_BENCH_KEEP") {
        copy_dir(&corpus_dir, Path::new(&keep))?;
    }
    // The window holds one project at a time; so does the rest of the run.
    drop(project);

    let t = Instant::now();
    let loaded = project::load(&project_path)?;
    let load_ms = ms(t);
    phase("loaded");
    assert_eq!(loaded.claims().len(), n_claims);

    let export_path = tmp.path().join("fever.jsonl");
    let t = Instant::now();
    export(&loaded, &corpus, Format::Fever, &export_path)?;
    let export_ms = ms(t);

    // First frame: app state over the opened corpus and its 100k project,
    // up to the first frame that shows the first document.
    let mut window = Window::new();
    let ws = Workspace {
        corpus,
        project: loaded,
        project_path,
        report: Default::default(),
        is_new: false,
        journal: Default::default(),
    };
    let t = Instant::now();
    let mut app = app_over(ws, tmp.path());
    let state_ms = ms(t);
    let draw_ms = window.frame(&mut app);
    let first_frame_ms = ms(t);
    let laid = app.ui.last_outputs[0].as_ref().map_or(0, |o| o.laid_out);
    assert!(laid > 0, "the first frame shows the first document");
    let bench_peak_rss = peak_rss_mb().unwrap_or(f64::NAN);
    phase("first frame");
    drop(app);
    drop(window);
    // Three fresh processes, as three openings of the folder: one load on
    // this 2-core VM varies by half its time from minute to minute.
    let mut fresh = Vec::new();
    for _ in 0..FRESH_RUNS {
        let (peak, load) = fresh_process_figures(&corpus_dir)?;
        eprintln!("  a fresh process opening them: peak {peak:.0} MB, load {load:.0} ms");
        fresh.push((peak, load));
    }
    let peak_rss = fresh.iter().map(|f| f.0).fold(0.0, f64::max);
    let mut fresh_loads: Vec<f64> = fresh.iter().map(|f| f.1).collect();
    fresh_loads.sort_by(f64::total_cmp);
    let fresh_load_ms = fresh_loads[fresh_loads.len() / 2];
    let fresh_loads_text = fresh
        .iter()
        .map(|f| format!("{:.0}", f.1))
        .collect::<Vec<_>>()
        .join(", ");

    // One long article with many claims, scrolled top to bottom.
    eprintln!("long article: {long_bytes} bytes, {long_claims} claims");
    let long = Document::new("long.txt", article(&mut rng, long_bytes, "A long article"));
    let long_corpus = Corpus::from_parts(tmp.path().join("long"), vec![long], Vec::new());
    let mut long_project = Project::new(".");
    sync_with_corpus(&mut long_project, &long_corpus);
    {
        let doc = &long_corpus.documents[0];
        for i in 0..long_claims {
            let mut claim = Claim::new(
                span(doc, &mut rng),
                Some(LABELS[i % 3].into()),
                "bench",
                "2026-01-01T00:00:00Z",
            );
            claim.id = claim_id(&mut rng);
            long_project.apply(Edit::AddClaim(Box::new(claim)))?;
        }
    }
    std::fs::create_dir_all(tmp.path().join("long"))?;
    let ws = Workspace {
        corpus: long_corpus,
        project: long_project,
        project_path: tmp.path().join("long").join(project::DEFAULT_PROJECT_FILE),
        report: Default::default(),
        is_new: false,
        journal: Default::default(),
    };
    let mut app = app_over(ws, tmp.path());
    let mut window = Window::new();
    for _ in 0..3 {
        window.frame(&mut app);
    }
    let doc_chars = app.pane_doc(0).map_or(0, |d| d.char_len());
    // Steps of about a third of a screen: each frame brings new paragraphs
    // into view, as a fast scroll or a page-down does.
    let step = 1_200;
    let mut times = Vec::new();
    let mut max_laid = 0;
    let mut pos = 0;
    while pos < doc_chars {
        app.ui.panes[0].view.scroll_to = Some(pos);
        times.push(window.frame(&mut app));
        max_laid = max_laid.max(app.ui.last_outputs[0].as_ref().map_or(0, |o| o.laid_out));
        pos += step;
    }
    let paragraphs = app.ui.panes[0].view.paragraph_count();
    times.sort_by(f64::total_cmp);
    let frame_p95 = percentile(&times, 95.0);
    let frame_p50 = percentile(&times, 50.0);

    // Create a claim in the visible part of the article: edit applied,
    // highlights updated, next frame drawn.
    let visible_at = pos.saturating_sub(step).min(doc_chars.saturating_sub(100));
    let mut create_times = Vec::new();
    for k in 0..5 {
        let (doc_span, label) = {
            let session = app.session().ok_or("no session")?;
            let doc = &session.workspace().corpus.documents[0];
            let start = visible_at + k * 10;
            (
                Span::from_document(doc, start, start + 12).ok_or("span out of range")?,
                Some("agrees".to_string()),
            )
        };
        let t = Instant::now();
        let now = window.time;
        let _ = now;
        let claim = Claim::new(doc_span, label, "bench", "2026-01-01T00:00:00Z");
        app.ui
            .actions
            .push(Action::Apply(Edit::AddClaim(Box::new(claim))));
        window.frame(&mut app);
        create_times.push(ms(t));
    }
    create_times.sort_by(f64::total_cmp);
    let claim_create_ms = percentile(&create_times, 50.0);

    // Teams: 5 annotators × 20,000 claims over the same corpus (reopened,
    // untimed: the window's session holds the first one).
    let n_team = ((20_000.0 * scale) as usize).max(1);
    eprintln!("building 5 annotators' projects of {n_team} claims");
    let corpus = Corpus::open(&corpus_dir)?;
    let team = make_team(&corpus, n_team, 5, &mut rng)?;
    let t = Instant::now();
    let annotators: Vec<Annotator<'_>> = team
        .iter()
        .enumerate()
        .map(|(i, p)| Annotator::new(format!("a{i}"), p))
        .collect();
    let report = agreement::agreement(&annotators, false)?;
    let agree_ms = ms(t);
    let alpha = report
        .figures
        .overall
        .krippendorff_alpha
        .alpha
        .unwrap_or(f64::NAN);
    let t = Instant::now();
    let annotators: Vec<Annotator<'_>> = team
        .iter()
        .enumerate()
        .map(|(i, p)| Annotator::new(format!("a{i}"), p))
        .collect();
    let comparison = agreement::compare::compare(&annotators);
    let compare_ms = ms(t);
    drop(annotators);
    drop(team);
    drop(corpus);

    let mut figures = vec![
        Figure {
            key: "agree_ms_5x20k",
            value: agree_ms,
            goal: 1000.0,
            what: format!(
                "every agreement figure, 5 annotators × {n_team} claims with evidence (10 pairs; α = {alpha:.3})"
            ),
        },
        Figure {
            key: "compare_open_ms",
            value: compare_ms,
            goal: 1000.0,
            what: format!(
                "disagreement list for the same 5 files ({} disagreements)",
                comparison.len()
            ),
        },
        Figure {
            key: "corpus_open_ms",
            value: corpus_open_ms,
            goal: 1500.0,
            what: format!(
                "open {n_docs} articles, {:.1} MB (OS cache warm: read once untimed first)",
                bytes as f64 / 1e6
            ),
        },
        Figure {
            key: "first_frame_ms",
            value: first_frame_ms,
            goal: 150.0,
            what: format!(
                "app state over that corpus + {n_claims} claims to first frame: state {state_ms:.0} ms, frame {draw_ms:.0} ms ({laid} paragraphs laid out)"
            ),
        },
        Figure {
            key: "frame_ms_p95_long_doc",
            value: frame_p95,
            goal: 8.0,
            what: format!(
                "p95 of {} frames scrolling {:.1} MB, {paragraphs} paragraphs, {long_claims} claims (p50 {frame_p50:.2} ms, max {max_laid} paragraphs laid out)",
                times.len(),
                long_bytes as f64 / 1e6
            ),
        },
        Figure {
            key: "claim_create_ms",
            value: claim_create_ms,
            goal: 16.0,
            what: "add a claim in the long article: edit, highlights, next frame (median of 5)"
                .into(),
        },
        Figure {
            key: "save_ms_100k",
            value: save_ms,
            goal: 400.0,
            what: format!("save {n_claims} claims with evidence ({file_mb:.1} MB RON)"),
        },
        Figure {
            key: "load_ms_100k",
            value: load_ms,
            goal: 500.0,
            what: format!("load and validate that file ({n_claims} claims)"),
        },
        Figure {
            key: "load_ms_100k_fresh",
            value: fresh_load_ms,
            goal: 500.0,
            what: format!(
                "the same load in a fresh process, as the window does it on opening (median of {FRESH_RUNS}: {fresh_loads_text} ms)"
            ),
        },
        Figure {
            key: "export_ms_100k",
            value: export_ms,
            goal: 1000.0,
            what: format!("FEVER JSONL export of {n_claims} claims"),
        },
        Figure {
            key: "peak_rss_mb",
            value: peak_rss,
            goal: 300.0,
            what: format!("VmHWM of a fresh process that opens the corpus, loads the project, draws the first frame and saves (highest of {FRESH_RUNS})"),
        },
        Figure {
            key: "peak_rss_mb_bench_process",
            value: bench_peak_rss,
            goal: f64::NAN,
            what: "VmHWM of this process at the same point, after it built and saved the project itself (not a goal)".into(),
        },
    ];

    // Last, over the corpus read again, so the peak memory figures above
    // do not include the index; its own generator leaves their data as it was.
    figures.extend(search_figures(
        &Corpus::open(&corpus_dir)?,
        &mut Rng(0x5ea2_c4ed_0123_4567),
    ));
    figures.extend(study_figures(scale, &mut Rng(0x57d1_2026_0000_0026))?);
    figures.extend(input_figures(scale, &mut Rng(0x1a9e_5024_0000_0024))?);
    print_figures(scale, &figures, started, "bench-scale.json")
}

/// Prints the figures as a table and writes them as JSON to `file`.
fn print_figures(scale: f64, figures: &[Figure], started: Instant, file: &str) -> Res<()> {
    println!();
    println!("crosscheck scale benchmark, scale {scale}");
    println!(
        "{:<24} {:>10} {:>8}  {:<4}  what",
        "figure", "value", "goal", "met"
    );
    for f in figures {
        println!(
            "{:<24} {:>10.2} {:>8} {:<4}  {}",
            f.key,
            f.value,
            if f.goal.is_nan() {
                "—".to_string()
            } else {
                f.goal.to_string()
            },
            match f.goal {
                g if g.is_nan() => "—",
                g if f.value <= g => "yes",
                _ => "NO",
            },
            f.what
        );
    }
    println!(
        "(goals are for the full size; total run {:.1} s)",
        started.elapsed().as_secs_f64()
    );

    let mut json = serde_json::Map::new();
    json.insert("scale".into(), scale.into());
    for f in figures {
        json.insert(f.key.into(), ((f.value * 100.0).round() / 100.0).into());
    }
    let path = out_path(file);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, serde_json::to_string_pretty(&json)? + "\n")?;
    println!("wrote {}", path.display());
    Ok(())
}

/// A study (issue 26): planning 100,000 documents for 50 annotators (the
/// planner alone, no files), and progress over 50 annotators' files of
/// 2,000 claims each, read from disk with the plan.
fn study_figures(scale: f64, rng: &mut Rng) -> Res<Vec<Figure>> {
    use crosscheck::study::{self, CorpusDoc, Member, PLAN_VERSION, Plan, Settings, Started};
    let team: Vec<String> = (0..50).map(|i| format!("a{i:02}")).collect();
    let settings = Settings {
        annotators: team.clone(),
        overlap: Some(0.2),
        per_doc: Some(2),
        seed: Some(26),
        rebalance: false,
    };
    let n_plan = ((100_000.0 * scale) as usize).max(100);
    let docs: Vec<CorpusDoc> = (0..n_plan)
        .map(|i| CorpusDoc {
            id: format!("src{}/d{i:06}.txt", i % 20),
            chars: 500 + rng.below(8_000),
            hash: String::new(),
        })
        .collect();
    let t = Instant::now();
    let resolved = study::resolve(&settings, None)?;
    let (planned, _) = study::plan_documents(&docs, &settings, resolved, None, &Started::new());
    let assign_ms = ms(t);
    std::hint::black_box(&planned);

    // 2,000 small documents, each annotator's file with 2,000 claims on
    // their share and half of it marked done.
    let tmp = tempfile::tempdir()?;
    let n_docs = 2_000;
    let n_claims = ((2_000.0 * scale) as usize).max(10);
    let corpus = Corpus::from_parts(
        tmp.path().join("corpus"),
        (0..n_docs)
            .map(|i| Document::new(format!("d{i:04}.txt"), article(rng, 600, "Story")))
            .collect(),
        Vec::new(),
    );
    let docs: Vec<CorpusDoc> = corpus
        .documents
        .iter()
        .map(|d| CorpusDoc {
            id: d.id.clone(),
            chars: d.char_len(),
            hash: d.hash.clone(),
        })
        .collect();
    let (documents, _) = study::plan_documents(&docs, &settings, resolved, None, &Started::new());
    let plan = Plan {
        study_format: PLAN_VERSION,
        corpus: "corpus".into(),
        seed: resolved.seed,
        overlap: resolved.overlap,
        per_doc: resolved.per_doc,
        annotators: team
            .iter()
            .map(|n| Member {
                name: n.clone(),
                file: format!("{n}.ron"),
            })
            .collect(),
        documents,
    };
    let plan_path = tmp.path().join("study.ron");
    plan.save(&plan_path)?;
    for name in &team {
        let mut p = Project::new("corpus");
        sync_with_corpus(&mut p, &corpus);
        let share: Vec<String> = plan.share(name).into_iter().collect();
        for doc in share.iter().take(share.len() / 2) {
            p.apply(Edit::SetDone {
                doc: doc.clone(),
                done: true,
            })?;
        }
        for c in 0..n_claims {
            let d = corpus.get(&share[c % share.len()]).ok_or("no document")?;
            let start = rng.below(d.char_len().saturating_sub(20).max(1));
            let span = Span::from_document(d, start, start + 10).ok_or("no span")?;
            let created = format!(
                "2026-03-01T{:02}:{:02}:{:02}Z",
                8 + c / 3600 % 10,
                c / 60 % 60,
                c % 60
            );
            let mut claim = Claim::new(span, Some("agrees".into()), name, &created);
            claim.id = ClaimId(format!("c{name}{c:05}"));
            p.apply(Edit::AddClaim(Box::new(claim)))?;
        }
        p.set_assigned(share.into_iter().collect());
        project::save(&p, &tmp.path().join(format!("{name}.ron")))?;
    }
    let t = Instant::now();
    let report = study::progress(std::slice::from_ref(&plan_path))?;
    let progress_ms = ms(t);
    Ok(vec![
        Figure {
            key: "assign_ms_100k",
            value: assign_ms,
            goal: 2000.0,
            what: format!(
                "plan {n_plan} documents for 50 annotators, 20 % overlap by 2, 20 folders"
            ),
        },
        Figure {
            key: "progress_ms_50x2k",
            value: progress_ms,
            goal: 1000.0,
            what: format!(
                "progress over the plan and 50 files of {n_claims} claims ({} pairs' agreement)",
                report.agreement.len()
            ),
        },
    ])
}

/// A saved news page as browsers write them: scripts, styles, JSON-LD and
/// meta tags in the head; navigation, a cookie banner, share buttons, the
/// article, related links, comments and a footer in the body (about
/// 60–120 KB, like the pages of the extraction benchmark).
fn news_page(rng: &mut Rng, n: usize) -> String {
    let words = [
        "council", "bridge", "minister", "report", "police", "river", "vote", "budget", "hospital",
        "school", "storm", "court", "election", "market", "strike", "flood",
    ];
    let word = |rng: &mut Rng| words[rng.below(words.len())];
    let headline = format!(
        "{} {} {} after {} {}",
        word(rng),
        word(rng),
        word(rng),
        word(rng),
        n
    );
    let mut html = String::with_capacity(120_000);
    html.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    html.push_str(&format!(
        "<title>{headline} | The Daily Example</title>\
         <meta property=\"og:site_name\" content=\"The Daily Example\">\
         <meta property=\"article:published_time\" content=\"2024-03-{:02}T09:00:00Z\">\
         <link rel=\"canonical\" href=\"https://daily.example/news/{n}\">\
         <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"{headline}\",\"author\":{{\"name\":\"Sam Lee\"}}}}</script>",
        1 + n % 28
    ));
    for i in 0..6 {
        html.push_str(&format!(
            "<script>window.cfg{i}={{a:[{}]}};</script>",
            "1,2,3,4,5,6,7,8,9,".repeat(200)
        ));
        html.push_str(&format!(
            "<style>.c{i}{{{}}}</style>",
            "margin:0;padding:0;".repeat(150)
        ));
    }
    html.push_str("</head><body><header><nav><ul>");
    for i in 0..60 {
        html.push_str(&format!(
            "<li><a href=\"/s{i}\">{} {}</a></li>",
            word(rng),
            word(rng)
        ));
    }
    html.push_str("</ul></nav></header><div class=\"cookie-banner\">We use cookies to improve your experience. <button>Accept</button></div>");
    html.push_str(&format!("<main><article><h1>{headline}</h1><div class=\"share\"><a>Share</a><a>Tweet</a><a>Email</a></div>"));
    let size = 3_000 + rng.below(6_000);
    let body = common::article(rng, size, &headline);
    for para in body.split("\n\n").skip(1) {
        html.push_str(&format!("<p>{para}</p>"));
    }
    html.push_str("</article><aside class=\"related\"><h2>Related</h2><ul>");
    for _ in 0..12 {
        html.push_str(&format!(
            "<li><a href=\"/r\">{} {} {} {}</a></li>",
            word(rng),
            word(rng),
            word(rng),
            word(rng)
        ));
    }
    html.push_str("</ul></aside><section id=\"comments\">");
    for _ in 0..10 {
        html.push_str(&format!(
            "<div class=\"comment\"><b>reader</b><p>{} {} {}</p></div>",
            word(rng),
            word(rng),
            word(rng)
        ));
    }
    html.push_str(
        "</section></main><footer>© The Daily Example. All rights reserved.</footer></body></html>",
    );
    html
}

/// Issue 24's inputs: extracting 1,000 saved news pages (ms a page).
fn input_figures(scale: f64, rng: &mut Rng) -> Res<Vec<Figure>> {
    let n_pages = ((1_000.0 * scale) as usize).max(20);
    let pages: Vec<String> = (0..n_pages).map(|i| news_page(rng, i)).collect();
    let mean_kb = pages.iter().map(String::len).sum::<usize>() as f64 / n_pages as f64 / 1e3;
    eprintln!("extracting {n_pages} generated pages of {mean_kb:.0} KB on average");
    let mut times = Vec::with_capacity(n_pages);
    for page in &pages {
        let t = Instant::now();
        let article = crosscheck::extract::extract_page(page.as_bytes())?;
        times.push(ms(t));
        std::hint::black_box(article);
    }
    times.sort_by(f64::total_cmp);
    phase("pages extracted");
    let n_rows = ((100_000.0 * scale) as usize).max(100);
    let (csv_mb, baseline, csv) = dataset_figures(n_rows, rng)?;
    eprintln!(
        "a {n_rows}-row CSV of {csv_mb:.0} MB: corpus read in {:.0} ms, first article drawn at {:.0} ms, peak {:.0} MB (an empty folder: {baseline:.0} MB)",
        csv.open_ms, csv.first_ms, csv.peak_mb
    );
    Ok(vec![
        Figure {
            key: "page_extract_ms_median",
            value: percentile(&times, 50.0),
            goal: 10.0,
            what: "extracting one saved news page (median of 1,000)".into(),
        },
        Figure {
            key: "page_extract_ms_p95",
            value: percentile(&times, 95.0),
            goal: f64::NAN,
            what: "extracting one saved news page (p95 of 1,000)".into(),
        },
        Figure {
            key: "csv_first_article_ms",
            value: csv.first_ms,
            goal: 1_000.0,
            what: format!(
                "a {n_rows}-row CSV ({csv_mb:.0} MB): opened and the first article drawn"
            ),
        },
        Figure {
            key: "csv_open_ms",
            value: csv.open_ms,
            goal: f64::NAN,
            what: "the same CSV: the corpus read (all rows)".into(),
        },
        Figure {
            key: "csv_peak_mb",
            value: csv.peak_mb,
            goal: 2.5 * csv_mb + baseline,
            what: format!(
                "peak memory opening it (goal 2.5x the file plus {baseline:.0} MB, an empty folder's)"
            ),
        },
    ])
}

/// What a child process opening a dataset folder measured.
struct DatasetRun {
    open_ms: f64,
    first_ms: f64,
    peak_mb: f64,
}

/// Writes a FNC-1-like CSV of `n_rows` news bodies (~2 KB each) and has a
/// fresh process open it as a person would; the same over an almost empty
/// folder is the baseline. Returns (the file's MB, the baseline's peak MB,
/// the CSV's run).
fn dataset_figures(n_rows: usize, rng: &mut Rng) -> Res<(f64, f64, DatasetRun)> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("dataset");
    std::fs::create_dir_all(&dir)?;
    let mut csv = csv::Writer::from_path(dir.join("bodies.csv"))?;
    csv.write_record(["Body ID", "articleBody"])?;
    for i in 0..n_rows {
        let size = 1_000 + rng.below(2_500);
        let body = common::article(rng, size, &format!("Report {i}"));
        csv.write_record([i.to_string(), body])?;
    }
    csv.flush()?;
    drop(csv);
    let csv_mb = std::fs::metadata(dir.join("bodies.csv"))?.len() as f64 / 1e6;
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty)?;
    std::fs::write(empty.join("a.txt"), "One article.\n\nIts text.")?;
    // Warm the OS cache with an untimed read.
    let _ = std::fs::read(dir.join("bodies.csv"))?;
    let baseline = dataset_child(&empty)?.peak_mb;
    let run = dataset_child(&dir)?;
    Ok((csv_mb, baseline, run))
}

fn dataset_child(dir: &Path) -> Res<DatasetRun> {
    let out = std::process::Command::new(std::env::current_exe()?)
        .env(DATASET_ENV, dir)
        .stderr(std::process::Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err(format!("the dataset process failed: {}", out.status).into());
    }
    let text = String::from_utf8(out.stdout)?;
    let f: Vec<f64> = text
        .split_whitespace()
        .map(str::parse::<f64>)
        .collect::<Result<_, _>>()?;
    match f[..] {
        [open_ms, first_ms, peak_mb] => Ok(DatasetRun {
            open_ms,
            first_ms,
            peak_mb,
        }),
        _ => Err(format!("the dataset process said {text:?}").into()),
    }
}

/// In a process of its own: the folder opened as the window opens it (the
/// corpus read, the project made, the first frame drawn with the first
/// article), printing the corpus's read time, the first frame's time and
/// the peak memory.
fn dataset_process(dir: &Path) -> Res<()> {
    let t = Instant::now();
    let corpus = Corpus::open(dir)?;
    let open_ms = ms(t);
    let project_path = dir.join(project::DEFAULT_PROJECT_FILE);
    let mut project = project::Project::new(".");
    let report = project::sync_with_corpus(&mut project, &corpus);
    let ws = Workspace {
        corpus,
        project,
        project_path,
        report,
        is_new: true,
        journal: Default::default(),
    };
    let config = tempfile::tempdir()?;
    let mut app = app_over(ws, config.path());
    let mut window = Window::new();
    window.frame(&mut app);
    let first_ms = ms(t);
    println!("{open_ms} {first_ms} {}", peak_rss_mb().ok_or("no VmHWM")?);
    Ok(())
}
