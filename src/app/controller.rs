//! The controller: the one place that changes the session. Views and keys
//! collect [`Action`]s during a frame; [`run_frame_actions`] carries them
//! out after drawing. The session lives in [`Controller`], whose field is
//! private to this module, so nothing else can get `&mut Session`.

use std::path::PathBuf;
use std::sync::Arc;

use super::command::{Command, KeyContext, LabelKey, Pressed};
use super::jobs::{Job, Poll, Waker, take_finished};
use super::nav::{linking_target, select_claim, show_doc, step_claim, step_sentence};
use super::open::{OpenError, OpenRequest, Opened};
use super::{CrosscheckApp, UiState};
use crate::export::{self, ExportSummary, Format};
use crate::project::{ClaimChange, ClaimId, Edit, Span};
use crate::session::{SaveState, Session};
use crate::text::edge_step;

/// Something a view or key asks for; carried out by the controller.
#[derive(Clone, Debug)]
pub enum Action {
    Command(Command),
    LabelKey(LabelKey),
    Open(OpenRequest),
    /// Turn the highlight of `pane` into a claim (or evidence, when `link`).
    LabelSelection {
        pane: usize,
        label: String,
        link: bool,
    },
    SetLabel {
        claim: ClaimId,
        label: String,
    },
    SetNote {
        claim: ClaimId,
        note: String,
    },
    SetSpan {
        claim: ClaimId,
        start: usize,
        end: usize,
    },
    RemoveEvidence {
        claim: ClaimId,
        evidence: String,
    },
    RelabelEvidence {
        claim: ClaimId,
        evidence: String,
        relation: String,
    },
    RepointEvidence {
        claim: ClaimId,
        evidence: String,
        doc: String,
        start: usize,
        end: usize,
    },
    DeleteClaim(ClaimId),
    ToggleDoneDoc(String),
    AcceptProposal,
    SetAnnotator(String),
    ExportTo(Format),
    /// File › Import from another tool…: pick the file, then import it.
    ImportFrom {
        tool: crate::export::Tool,
        options: crate::export::ImportOptions,
    },
    /// Apply a prepared edit as one undoable step.
    Apply(Edit),
    Unsaved(UnsavedAnswer),
    /// The window manager asked to close the window.
    CloseRequested,
    /// Select a claim and show it.
    SelectClaim(ClaimId),
    /// Clear the merge-conflict flag of a claim.
    ResolveConflict(ClaimId),
    /// Set a key claim's required / bonus and explanation.
    KeyInfo {
        claim: ClaimId,
        info: crate::project::KeyInfo,
    },
    WriteHandout,
    AddStudentFiles,
    GradeStudents,
    WriteFeedback,
    /// Compare the key with one graded student's file.
    CompareStudent(PathBuf),
    /// Show disagreement `i` of the comparison.
    GoToDisagreement(usize),
    /// Adjudicate the shown disagreement into this project.
    Decide(super::compare_ui::Decision),
    /// Remove a label or swap the scheme; claims that lose their label get
    /// `orphans`.
    ChangeLabels {
        change: super::labels_ui::Change,
        orphans: crate::project::schemes::Orphans,
    },
    /// Open or link a search result or suggested evidence.
    Search(super::search_ui::SearchAction),
}

/// What to do once the current project is saved.
pub enum AfterSave {
    Close,
    Install(Box<Opened>),
}

/// The answers of the dialog shown when unsaved work cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Retry,
    SaveAs,
    Discard,
    Cancel,
}

/// Owns the session and the work running for it.
pub struct Controller {
    session: Option<Session>,
    pub(super) loading: Option<Loading>,
    /// Waits for the current project to be saved (Quit, Open).
    pending: Option<AfterSave>,
    export_job: Option<Job<Result<ExportSummary, String>>>,
    import_job: Option<Job<ImportResult>>,
    /// Student files being graded.
    grade_job: Option<Job<Vec<super::grade_ui::Graded>>>,
    /// Feedback files or a handout being written: what to say when done.
    write_job: Option<Job<Result<String, String>>>,
    /// Files being read and compared (File › Compare with…).
    compare_job: Option<Job<Result<super::compare_ui::CompareState, String>>>,
    /// Another project's label scheme being read (File › Use labels from…).
    scheme_job: Option<Job<SchemeResult>>,
    /// The person chose to close (saved, or discarded): let the window go.
    pub(super) allow_close: bool,
    /// The person chose to throw the unsaved work away.
    discarded: bool,
    /// Open the label editor when the project being opened is installed (a
    /// new project file: its scheme is chosen first).
    labels_after_install: bool,
    waker: Option<Waker>,
}

type ImportResult = Result<(Edit, String), String>;
/// Another project's labels and guidelines, or why they could not be read.
type SchemeResult = Result<(Vec<crate::project::Label>, String), String>;

pub struct Loading {
    pub what: String,
    pub progress: Arc<crate::corpus::Progress>,
    pub(super) job: Job<Result<Opened, OpenError>>,
}

impl Controller {
    pub fn new() -> Self {
        Self {
            session: None,
            loading: None,
            pending: None,
            export_job: None,
            import_job: None,
            scheme_job: None,
            compare_job: None,
            grade_job: None,
            write_job: None,
            allow_close: false,
            discarded: false,
            labels_after_install: false,
            waker: None,
        }
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Something runs in the background the window should mention.
    pub fn busy(&self) -> Option<&str> {
        if let Some(job) = &self.export_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.import_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.compare_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.grade_job {
            return Some(&job.what);
        }
        if let Some(job) = &self.write_job {
            return Some(&job.what);
        }
        None
    }

    /// Unsaved work cannot be written and something waits on it: the
    /// window asks what to do.
    pub fn asks_about_unsaved(&self) -> Option<&str> {
        let pending = self.pending.as_ref()?;
        let session = self.session.as_ref()?;
        match session.save_state() {
            SaveState::Failed(_) if !session.is_saving() => Some(match pending {
                AfterSave::Close => "close the window",
                AfterSave::Install(_) => "open another project",
            }),
            _ => None,
        }
    }

    /// The window may close now: nothing unsaved, or the person said so.
    pub fn allow_close(&self) -> bool {
        self.allow_close
    }

    pub fn waiting_to_close(&self) -> bool {
        matches!(self.pending, Some(AfterSave::Close))
    }

    pub(super) fn waker(&mut self, ctx: &egui::Context) -> Waker {
        self.waker
            .get_or_insert_with(|| super::jobs::waker(ctx))
            .clone()
    }

    /// Installs a session at once (benchmarks, embedding).
    pub(super) fn install_now(&mut self, session: Session) {
        self.session = Some(session);
    }

    /// The last resort when the window goes away: save on this thread.
    pub(super) fn save_on_exit(&mut self) -> Result<(), String> {
        if self.discarded {
            return Ok(());
        }
        match &mut self.session {
            Some(session) => session.save_blocking(),
            None => Ok(()),
        }
    }

    /// Waits for saves and background jobs (tests).
    pub fn wait_for_jobs(&mut self) {
        if let Some(session) = &mut self.session {
            session.wait_for_save();
        }
    }
}

impl Default for Controller {
    fn default() -> Self {
        Self::new()
    }
}

/// Takes this frame's keys out of the input before egui's focus
/// traversal sees them. Called from `raw_input_hook` in a real window and
/// again at the start of the frame (headless tests have no hook).
pub fn take_keys(app: &mut CrosscheckApp, ctx: &egui::Context, events: &mut Vec<egui::Event>) {
    let cx = KeyContext {
        typing: ctx.text_edit_focused(),
        blocked: app.name_prompt.is_some()
            || app.open_error.is_some()
            || app.ui.labels.question.is_some()
            || app.ctl.asks_about_unsaved().is_some(),
    };
    let label_keys = app
        .ctl
        .session
        .as_ref()
        .map(|s| super::command::label_keys(s.workspace().project.labels()))
        .unwrap_or_default();
    let Pressed { commands, labels } = super::command::take_commands(events, cx, &label_keys);
    app.ui
        .actions
        .extend(commands.into_iter().map(Action::Command));
    app.ui
        .actions
        .extend(labels.into_iter().map(Action::LabelKey));
}

/// Polls background work: opening, saving, exporting, importing; finishes
/// what waits on a save.
pub fn poll_jobs(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let now = ctx.input(|i| i.time);
    let wake = app.ctl.waker(ctx);
    if let Some(loading) = &app.ctl.loading {
        match loading.job.poll() {
            Poll::Running => ctx.request_repaint_after(std::time::Duration::from_millis(50)),
            Poll::Lost => {
                app.ctl.loading = None;
                app.open_error = Some(OpenError::plain("Reading stopped unexpectedly."));
            }
            Poll::Ready(Err(err)) => {
                app.ctl.loading = None;
                app.open_error = Some(err);
            }
            Poll::Ready(Ok(opened)) => {
                app.ctl.loading = None;
                let unsaved = app
                    .ctl
                    .session
                    .as_ref()
                    .is_some_and(|s| s.has_unsaved_changes());
                if unsaved {
                    // Work typed while this loaded is saved before it goes.
                    if let Some(session) = &mut app.ctl.session {
                        session.save_soon();
                    }
                    app.ctl.pending = Some(AfterSave::Install(Box::new(opened)));
                } else {
                    // `--compare FILE`: the comparison starts once the
                    // project is open.
                    let startup = std::mem::take(&mut app.ui.compare_pending);
                    install(app, opened);
                    if !startup.is_empty() {
                        app.ui.compare_pending = startup;
                        compare_paths(app, ctx, Vec::new());
                    }
                }
            }
        }
    }
    if let Some(result) = take_finished(&mut app.ctl.export_job, || {
        Err("the export stopped unexpectedly".into())
    }) {
        let text = match result {
            Ok(summary) => {
                let mut text = summary.message();
                if summary.skipped_detached > 0 {
                    text.push_str(&format!(
                        " ({} detached spans left out)",
                        summary.skipped_detached
                    ));
                }
                text
            }
            Err(err) => format!("Export failed: {err}"),
        };
        app.ui.message = Some(text.clone());
        app.ui.export_result = Some(text);
    }
    if let Some(result) = take_finished(&mut app.ctl.import_job, || {
        Err("Nothing imported: the import stopped unexpectedly".into())
    }) {
        match result {
            Ok((edit, message)) => {
                if let Some(session) = &mut app.ctl.session {
                    match session.apply(edit, now) {
                        Ok(()) => app.ui.message = Some(message),
                        Err(err) => app.ui.message = Some(format!("Nothing imported: {err}")),
                    }
                }
            }
            Err(message) => app.ui.message = Some(message),
        }
        if app.ui.import.open {
            app.ui.import.result = app.ui.message.clone();
        }
    }
    if let Some(result) = take_finished(&mut app.ctl.compare_job, || {
        Err("the comparison stopped unexpectedly".into())
    }) {
        match result {
            Ok(state) => {
                app.ui.message = Some(format!(
                    "Comparing {} files: {} disagreements",
                    state.files.len(),
                    state.comparison.len()
                ));
                app.ui.compare = Some(state);
            }
            Err(message) => app.ui.message = Some(format!("Not compared: {message}")),
        }
    }
    if let Some(results) = take_finished(&mut app.ctl.grade_job, Vec::new) {
        let failed = results.iter().filter(|r| r.result.is_err()).count();
        app.ui.message = Some(format!(
            "Graded {} student files{}",
            results.len() - failed,
            if failed > 0 {
                format!("; {failed} could not be graded (see the table)")
            } else {
                String::new()
            }
        ));
        app.ui.grade.results = results;
    }
    if let Some(result) = take_finished(&mut app.ctl.write_job, || {
        Err("writing stopped unexpectedly".into())
    }) {
        app.ui.message = Some(match result {
            Ok(m) | Err(m) => m,
        });
    }
    if let Some(result) = take_finished(&mut app.ctl.scheme_job, || {
        Err("reading the other project stopped unexpectedly".into())
    }) {
        match result {
            Ok((labels, guidelines)) => app.ask_or_change(
                "labels the other project does not have".into(),
                super::labels_ui::Change::Replace {
                    labels,
                    guidelines: Some(guidelines),
                },
            ),
            Err(message) => app.ui.message = Some(message),
        }
    }
    if let Some(session) = &mut app.ctl.session
        && let Some(wait) = session.tick(now, &wake)
    {
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait.max(0.01)));
    }
    // What waited on the save can go ahead once nothing is unsaved.
    let saved = app
        .ctl
        .session
        .as_ref()
        .is_none_or(|s| !s.has_unsaved_changes());
    if saved && let Some(pending) = app.ctl.pending.take() {
        after_save(app, ctx, pending);
    }
}

fn after_save(app: &mut CrosscheckApp, ctx: &egui::Context, pending: AfterSave) {
    match pending {
        AfterSave::Close => {
            app.ctl.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        AfterSave::Install(opened) => install(app, *opened),
    }
}

fn install(app: &mut CrosscheckApp, opened: Opened) {
    let (mut session, remember, has_detached) = opened.into_session();
    let ws = session.workspace();
    // Guidelines are shown the first time a project (or a change to them)
    // is opened on this machine.
    let guidelines = ws.project.guidelines();
    let seen_key = (!guidelines.trim().is_empty()).then(|| {
        let hash = crate::corpus::hash_text(guidelines);
        format!("{}#{}", ws.project_path.display(), &hash[..16])
    });
    let show_guidelines = seen_key
        .as_ref()
        .is_some_and(|k| !app.settings.seen_guidelines.contains(k));
    if ws.is_new && session.notice.is_none() {
        session.notice = Some(
            "New project: Edit › Labels… sets its labels (templates for FEVER, FNC-1, NLI, PolitiFact)"
                .into(),
        );
    }
    app.ctl.session = Some(session);
    app.ctl.discarded = false;
    app.ui = UiState {
        show_detached: has_detached,
        ..UiState::default()
    };
    app.ui.labels.open = std::mem::take(&mut app.ctl.labels_after_install);
    if show_guidelines && let Some(key) = seen_key {
        app.ui.guidelines.open = true;
        app.settings.seen_guidelines.push(key);
        app.remember_settings();
    }
    if let Some(path) = remember {
        app.settings.add_recent(&path);
        app.remember_settings();
    }
}

/// Starts opening `request` on a worker; the current project stays open
/// (and is saved first) until the new one is ready.
pub fn start_open(app: &mut CrosscheckApp, ctx: Option<&egui::Context>, request: OpenRequest) {
    let wake: Waker = match ctx {
        Some(ctx) => app.ctl.waker(ctx),
        None => app
            .ctl
            .waker
            .clone()
            .unwrap_or_else(|| Arc::new(|| {}) as Waker),
    };
    app.ctl.loading = Some(super::open::spawn_open(
        request,
        app.paths.data_dir.clone(),
        app.annotator(),
        wake,
    ));
}

/// Carries out what the frame collected, in order.
pub fn run_frame_actions(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let actions = std::mem::take(&mut app.ui.actions);
    for action in actions {
        run(app, ctx, action);
    }
}

fn report(app: &mut CrosscheckApp, result: Result<(), crate::project::EditError>) {
    if let Err(err) = result {
        app.ui.message = Some(err.to_string());
    }
}

pub fn run(app: &mut CrosscheckApp, ctx: &egui::Context, action: Action) {
    let now = ctx.input(|i| i.time);
    match action {
        Action::Command(command) => run_command(app, ctx, command),
        Action::Search(action) => super::search_ui::run(app, ctx, action),
        Action::LabelKey(key) => label_key(app, key, now),
        Action::Open(request) => start_open(app, Some(ctx), request),
        Action::LabelSelection { pane, label, link } => {
            label_selection(app, pane, &label, link, now)
        }
        Action::SetLabel { claim, label } => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let result = session.set_label(&claim, &label, now);
            report(app, result);
        }
        Action::SetNote { claim, note } => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let result = session.set_note(&claim, note, now);
            report(app, result);
        }
        Action::SetSpan { claim, start, end } => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let result = session.set_span(&claim, start, end, now);
            report(app, result);
        }
        Action::RemoveEvidence { claim, evidence } => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let result = session.update(&claim, ClaimChange::RemoveEvidence(evidence), now);
            report(app, result);
        }
        Action::RelabelEvidence {
            claim,
            evidence,
            relation,
        } => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let change = ClaimChange::EvidenceRelation {
                id: evidence,
                relation,
            };
            let result = session.update(&claim, change, now);
            report(app, result);
        }
        Action::RepointEvidence {
            claim,
            evidence,
            doc,
            start,
            end,
        } => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let span = session
                .workspace()
                .corpus
                .get(&doc)
                .and_then(|d| Span::from_document(d, start, end));
            if let Some(span) = span {
                let change = ClaimChange::EvidenceSpan { id: evidence, span };
                let result = session.update(&claim, change, now);
                report(app, result);
                clear_highlights(&mut app.ui);
            }
        }
        Action::DeleteClaim(claim) => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let result = session.delete_claim(&claim, now);
            if result.is_ok() && app.ui.selected.as_ref() == Some(&claim) {
                app.ui.selected = None;
            }
            report(app, result);
        }
        Action::ToggleDoneDoc(doc) => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let result = session.toggle_done(&doc, now);
            report(app, result);
        }
        Action::AcceptProposal => {
            if let (Some(proposal), Some(session)) = (app.ui.proposal.take(), &mut app.ctl.session)
            {
                let result = session.accept_proposal(&proposal, now);
                report(app, result);
            }
        }
        Action::SetAnnotator(name) => {
            app.settings.annotator = name;
            let annotator = app.annotator();
            if let Some(session) = &mut app.ctl.session {
                session.set_annotator(annotator);
            }
            app.remember_settings();
        }
        Action::ExportTo(format) => export_to(app, ctx, format),
        Action::ImportFrom { tool, options } => import_from_tool(app, ctx, tool, options),
        Action::Apply(edit) => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            // Dragging a colour makes an edit a frame: one undo step.
            let result = if matches!(edit, Edit::UpdateLabel { .. }) {
                session.apply_merging(edit, now)
            } else {
                session.apply(edit, now)
            };
            report(app, result);
        }
        Action::GoToDisagreement(i) => go_to_disagreement(app, i, now),
        Action::KeyInfo { claim, info } => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let edit = Edit::UpdateClaim {
                id: claim,
                change: ClaimChange::KeyInfo(Some(info)),
                modified: crate::project::now_timestamp(),
            };
            let result = session.apply_merging(edit, now);
            report(app, result);
        }
        Action::WriteHandout => write_handout(app, ctx),
        Action::AddStudentFiles => {
            // One file a pick; the window offers the button again.
            if let Some(path) = app.dialogs.pick_project()
                && !app.ui.grade.files.contains(&path)
            {
                app.ui.grade.files.push(path);
            }
        }
        Action::GradeStudents => {
            let Some(session) = &app.ctl.session else {
                return;
            };
            let key = session.workspace().project.clone();
            let corpus = session.workspace().corpus.clone();
            let files = app.ui.grade.files.clone();
            let wake = app.ctl.waker(ctx);
            app.ctl.grade_job = Some(Job::spawn("grading", wake, move || {
                super::grade_ui::grade_files(&key, &corpus, &files)
            }));
        }
        Action::WriteFeedback => write_feedback(app, ctx),
        Action::CompareStudent(path) => {
            app.ui.compare = None;
            app.ui.compare_pending.clear();
            compare_paths(app, ctx, vec![path]);
        }
        Action::SelectClaim(id) => {
            let place = app.ctl.session.as_ref().and_then(|s| {
                let c = s.claim(&id)?;
                Some((s.workspace().corpus.position(&c.span.doc)?, c.span.start))
            });
            if let Some((index, start)) = place {
                let pane = app.ui.active;
                show_doc(&mut app.ui, pane, index);
                app.ui.panes[pane].view.scroll_to = Some(start);
                select_claim(&mut app.ui, Some(id));
            }
        }
        Action::ResolveConflict(id) => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let result = session.update(&id, ClaimChange::Conflict(None), now);
            report(app, result);
        }
        Action::Decide(decision) => decide(app, decision, now),
        Action::ChangeLabels { change, orphans } => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let project = &session.workspace().project;
            let edit = match change {
                super::labels_ui::Change::Remove(id) => {
                    crate::project::schemes::remove_label(project, &id, &orphans)
                }
                super::labels_ui::Change::Replace { labels, guidelines } => {
                    crate::project::schemes::replace_labels(project, &labels, &orphans, guidelines)
                }
            };
            let result = edit.and_then(|edit| session.apply(edit, now));
            report(app, result);
        }
        Action::Unsaved(answer) => unsaved_answer(app, ctx, answer),
        Action::CloseRequested => request_close(app, ctx),
    }
}

/// Quit or the window's close button: save first; ask when that fails.
fn request_close(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let unsaved = app
        .ctl
        .session
        .as_ref()
        .is_some_and(|s| s.has_unsaved_changes());
    if !unsaved || app.ctl.discarded {
        app.ctl.allow_close = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        return;
    }
    if let Some(session) = &mut app.ctl.session {
        session.save_soon();
    }
    app.ctl.pending = Some(AfterSave::Close);
}

fn unsaved_answer(app: &mut CrosscheckApp, ctx: &egui::Context, answer: UnsavedAnswer) {
    match answer {
        UnsavedAnswer::Retry => {
            if let Some(session) = &mut app.ctl.session {
                session.save_soon();
            }
        }
        UnsavedAnswer::SaveAs => save_as(app, ctx),
        UnsavedAnswer::Discard => {
            app.ctl.discarded = true;
            if let Some(session) = &app.ctl.session {
                session.discard_journal();
            }
            if let Some(pending) = app.ctl.pending.take() {
                after_save(app, ctx, pending);
            }
        }
        UnsavedAnswer::Cancel => {
            app.ctl.pending = None;
        }
    }
}

/// Asks where to write a project file; `.ron` is added when the name has
/// no extension.
fn ask_project_path(app: &mut CrosscheckApp, title: &str, default_name: &str) -> Option<PathBuf> {
    let path = app.dialogs.save_file(title, default_name, "ron")?;
    Some(if path.extension().is_none() {
        path.with_extension("ron")
    } else {
        path
    })
}

fn save_as(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(path) = ask_project_path(app, "Save project as", "crosscheck.ron") else {
        return;
    };
    let wake = app.ctl.waker(ctx);
    if let Some(session) = &mut app.ctl.session {
        session.save_as(&path, &wake);
        app.settings.add_recent(&path);
        app.remember_settings();
    }
}

fn export_to(app: &mut CrosscheckApp, ctx: &egui::Context, format: Format) {
    if app.ctl.export_job.is_some() {
        app.ui.message = Some("An export is still running".into());
        return;
    }
    let extension = format.extension().unwrap_or("");
    let title = format!("Export {}", format.name());
    let Some(out) = app
        .dialogs
        .save_file(&title, format.default_file_name(), extension)
    else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let project = session.workspace().project.clone();
    let corpus = session.workspace().corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ui.export_result = Some(format!("Exporting to {}…", out.display()));
    app.ctl.export_job = Some(Job::spawn(
        format!("exporting {}", format.name()),
        wake,
        move || {
            // The web page has no files to write: the export is downloaded.
            #[cfg(target_arch = "wasm32")]
            return crate::web::download::export(&project, &corpus, format, &out);
            #[cfg(not(target_arch = "wasm32"))]
            export::export(&project, &corpus, format, &out).map_err(|e| e.to_string())
        },
    ));
}

fn import_pre_annotations(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if app.ctl.import_job.is_some() {
        app.ui.message = Some("An import is still running".into());
        return;
    }
    let Some(path) = app.dialogs.pick_file("Import pre-annotations", "jsonl") else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let project = session.workspace().project.clone();
    let corpus = session.workspace().corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ctl.import_job = Some(Job::spawn("importing", wake, move || {
        import_file(&project, &corpus, &path)
    }));
}

fn import_file(
    project: &crate::project::Project,
    corpus: &crate::corpus::Corpus,
    path: &std::path::Path,
) -> ImportResult {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("Cannot read {}: {err}", path.display()))?;
    let plan = export::import_jsonl(project, corpus, &text, "import")
        .map_err(|err| format!("Nothing imported from {}: {err}", path.display()))?;
    let message = format!(
        "Imported {} claims from {} ({} already there); Ctrl+Z undoes the import",
        plan.added,
        path.display(),
        plan.duplicates
    );
    Ok((plan.edit, message))
}

fn import_from_tool(
    app: &mut CrosscheckApp,
    ctx: &egui::Context,
    tool: crate::export::Tool,
    options: crate::export::ImportOptions,
) {
    if app.ctl.import_job.is_some() {
        app.ui.message = Some("An import is still running".into());
        return;
    }
    let title = format!("Import from {tool}");
    let picked = if tool.reads_folder() {
        app.dialogs.pick_folder(&title)
    } else {
        app.dialogs.pick_file(&title, tool.extension())
    };
    let Some(path) = picked else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let project = session.workspace().project.clone();
    let corpus = session.workspace().corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ui.import.result = Some(format!("Importing {}…", path.display()));
    app.ctl.import_job = Some(Job::spawn(
        format!("importing from {tool}"),
        wake,
        move || {
            let plan = export::tools::import_path(&project, &corpus, tool, &path, &options)
                .map_err(|err| format!("Nothing imported from {}: {err}", path.display()))?;
            let message = format!(
                "{}\nCtrl+Z undoes the import.",
                plan.message(&path.display().to_string())
            );
            Ok((plan.edit, message))
        },
    ));
}

fn clear_highlights(ui: &mut UiState) {
    for pane in &mut ui.panes {
        pane.view.selection = None;
    }
}

fn run_command(app: &mut CrosscheckApp, ctx: &egui::Context, command: Command) {
    let now = ctx.input(|i| i.time);
    let has_session = app.ctl.session.is_some();
    match command {
        Command::OpenFolder => {
            if let Some(path) = app.dialogs.pick_folder("Open a corpus folder") {
                start_open(app, Some(ctx), OpenRequest::Path(path));
            }
        }
        Command::OpenProject => {
            if let Some(path) = app.dialogs.pick_project() {
                start_open(app, Some(ctx), OpenRequest::Path(path));
            }
        }
        Command::OpenSample => start_open(app, Some(ctx), OpenRequest::Sample),
        Command::Save => {
            if let Some(session) = &mut app.ctl.session {
                session.save_soon();
                app.ui.message = None;
            }
        }
        Command::SaveAs => {
            if has_session {
                save_as(app, ctx);
            }
        }
        Command::Export => app.ui.show_export = has_session,
        Command::Import => {
            if has_session {
                import_pre_annotations(app, ctx);
            }
        }
        Command::ImportFrom => app.ui.import.open = has_session,
        Command::Quit => request_close(app, ctx),
        Command::Undo | Command::Redo => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let claim = if command == Command::Undo {
                session.undo(now)
            } else {
                session.redo(now)
            };
            // Show what changed: select the claim again if it still exists.
            if let Some(Some(id)) = claim {
                let exists = session.claim(&id).is_some();
                select_claim(&mut app.ui, exists.then_some(id));
            }
        }
        Command::Delete => {
            if let Some(id) = app.ui.selected.clone() {
                run(app, ctx, Action::DeleteClaim(id));
            }
        }
        Command::EditNote => app.ui.focus_note = app.ui.selected.is_some(),
        Command::ToggleDone => {
            if let Some(doc) = app.pane_doc(app.ui.active).map(|d| d.id.clone()) {
                run(app, ctx, Action::ToggleDoneDoc(doc));
            }
        }
        Command::ToggleSplit => {
            let count = app.doc_count();
            super::nav::toggle_split(&mut app.ui, count);
        }
        Command::NextDoc | Command::PrevDoc => {
            let count = app.doc_count();
            if count > 0 {
                let pane = app.ui.active;
                let current = app.ui.panes[pane].doc;
                let next = if command == Command::NextDoc {
                    (current + 1) % count
                } else {
                    (current + count - 1) % count
                };
                show_doc(&mut app.ui, pane, next);
            }
        }
        Command::ToggleOverview => app.ui.show_overview = !app.ui.show_overview && has_session,
        Command::ToggleDetached => app.ui.show_detached = !app.ui.show_detached && has_session,
        Command::ToggleSkipped => app.ui.show_skipped = !app.ui.show_skipped && has_session,
        Command::ToggleTheme => {
            app.settings.dark = !app.settings.dark;
            app.remember_settings();
        }
        Command::FontBigger => change_font(app, 1.0),
        Command::FontSmaller => change_font(app, -1.0),
        Command::FontReset => {
            app.settings.font_size = super::Settings::default().font_size;
            app.remember_settings();
        }
        Command::ToggleHelp => app.ui.show_help = !app.ui.show_help,
        Command::Confirm => confirm(app, now),
        Command::Cancel => {
            let pane = app.ui.active;
            if app.ui.proposal.is_some() {
                app.ui.proposal = None;
            } else if app.ui.panes[pane].view.selection.is_some() {
                app.ui.panes[pane].view.selection = None;
            } else if app.ui.show_help {
                app.ui.show_help = false;
            } else {
                select_claim(&mut app.ui, None);
            }
        }
        Command::NextSentence | Command::PrevSentence => {
            let pane = app.ui.active;
            let doc = app
                .ctl
                .session
                .as_ref()
                .and_then(|s| s.workspace().corpus.documents.get(app.ui.panes[pane].doc));
            if let Some(doc) = doc {
                step_sentence(&mut app.ui, pane, doc, command == Command::NextSentence);
            }
        }
        Command::NextClaim | Command::PrevClaim => {
            let Some(session) = &app.ctl.session else {
                return;
            };
            step_claim(&mut app.ui, session, command == Command::NextClaim);
        }
        Command::EditLabels => app.ui.labels.open = !app.ui.labels.open && has_session,
        Command::NewProjectFile => new_project_file(app, ctx),
        Command::MakeAnswerKey => app.ui.key_window.open = has_session,
        Command::GradeStudents => app.ui.grade.open = has_session,
        Command::Find => {
            if has_session {
                app.ui.find.open_and_focus();
            }
        }
        Command::SearchCorpus => {
            if has_session {
                app.ui.search.open_and_focus();
            }
        }
        Command::NextSuggestion | Command::PrevSuggestion => {
            super::search_ui::step_suggestion(app, ctx, command == Command::NextSuggestion);
        }
        Command::CompareWith => compare_with(app, ctx),
        Command::ToggleComparison => {
            if let Some(c) = &mut app.ui.compare {
                c.open = !c.open;
            }
        }
        Command::NextDisagreement | Command::PrevDisagreement => {
            if let Some(c) = &app.ui.compare {
                let n = c.comparison.len();
                if n > 0 {
                    let next = match (c.cursor, command == Command::NextDisagreement) {
                        (None, true) => 0,
                        (None, false) => n - 1,
                        (Some(i), true) => (i + 1) % n,
                        (Some(i), false) => (i + n - 1) % n,
                    };
                    go_to_disagreement(app, next, now);
                }
            }
        }
        Command::TakeA => decide(app, super::compare_ui::Decision::TakeA, now),
        Command::TakeB => decide(app, super::compare_ui::Decision::TakeB, now),
        Command::TakeBoth => decide(app, super::compare_ui::Decision::TakeBoth, now),
        Command::RejectDisagreement => decide(app, super::compare_ui::Decision::Reject, now),
        Command::TakeAndEdit => decide(app, super::compare_ui::Decision::Edit, now),
        Command::ToggleGuidelines => {
            app.ui.guidelines.open = !app.ui.guidelines.open && has_session
        }
        Command::UseLabelsFrom => {
            if has_session && let Some(path) = app.dialogs.pick_project() {
                let wake = app.ctl.waker(ctx);
                app.ctl.scheme_job = Some(Job::spawn("reading labels", wake, move || {
                    crate::project::load(&path)
                        .map(|p| (p.labels().to_vec(), p.guidelines().to_owned()))
                        .map_err(|e| format!("No labels taken: {e}"))
                }));
            }
        }
        Command::EndRight => move_edge(app, false, true, now),
        Command::EndLeft => move_edge(app, false, false, now),
        Command::StartRight => move_edge(app, true, true, now),
        Command::StartLeft => move_edge(app, true, false, now),
    }
}

fn change_font(app: &mut CrosscheckApp, delta: f32) {
    app.settings.font_size = (app.settings.font_size + delta).clamp(10.0, 40.0);
    app.remember_settings();
}

/// Enter: accept a proposed label, or make the highlight a claim.
fn confirm(app: &mut CrosscheckApp, now: f64) {
    if app.ui.proposal.is_some() {
        if let (Some(proposal), Some(session)) = (app.ui.proposal.take(), &mut app.ctl.session) {
            let result = session.accept_proposal(&proposal, now);
            report(app, result);
        }
        return;
    }
    let pane = app.ui.active;
    let (Some((start, end)), Some(doc)) = (
        app.ui.panes[pane].view.selection,
        app.pane_doc(pane).map(|d| d.id.clone()),
    ) else {
        return;
    };
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    match session.create_claim(&doc, start, end, None, now) {
        Ok(id) => {
            app.ui.panes[pane].view.selection = None;
            app.ui.selected = Some(id);
        }
        Err(err) => app.ui.message = Some(err.to_string()),
    }
}

/// A label key: label the highlight (or link it), else relabel the claim.
fn label_key(app: &mut CrosscheckApp, key: LabelKey, now: f64) {
    let pane = app.ui.active;
    let (label, link) = match key {
        LabelKey::Label(label) => (label, true),
        LabelKey::NewClaim(label) => (label, false),
    };
    if app.ui.panes[pane].view.selection.is_some() {
        label_selection(app, pane, &label, link, now);
    } else if let (Some(id), Some(session)) = (app.ui.selected.clone(), &mut app.ctl.session) {
        let result = session.set_label(&id, &label, now);
        report(app, result);
    }
}

/// Turns the pending selection of `pane` into a claim with `label`, or (when
/// `link`) into evidence for the selected claim.
fn label_selection(app: &mut CrosscheckApp, pane: usize, label: &str, link: bool, now: f64) {
    let Some((start, end)) = app.ui.panes[pane].view.selection else {
        return;
    };
    let Some(doc) = app.pane_doc(pane).map(|d| d.id.clone()) else {
        return;
    };
    let target = match (&app.ctl.session, link) {
        (Some(session), true) => linking_target(&app.ui, session, pane),
        _ => None,
    };
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    match target {
        Some(claim) => match session.link_evidence(&claim, &doc, start, end, label, now) {
            Ok(proposal) => {
                app.ui.panes[pane].view.selection = None;
                app.ui.proposal = proposal;
            }
            Err(err) => app.ui.message = Some(err.to_string()),
        },
        None => match session.create_claim(&doc, start, end, Some(label), now) {
            Ok(id) => {
                app.ui.panes[pane].view.selection = None;
                app.ui.selected = Some(id);
                app.ui.message = None;
            }
            Err(err) => app.ui.message = Some(err.to_string()),
        },
    }
}

/// Shift+arrows: move an edge of the highlight, or of the selected claim, by a word.
fn move_edge(app: &mut CrosscheckApp, start_edge: bool, forward: bool, now: f64) {
    let pane = app.ui.active;
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    let Some(doc) = session
        .workspace()
        .corpus
        .documents
        .get(app.ui.panes[pane].doc)
    else {
        return;
    };
    // Right and left are on screen: in a right-to-left paragraph "right"
    // moves towards the start of the text.
    let view = &app.ui.panes[pane].view;
    let span = view.selection.or_else(|| {
        let id = app.ui.selected.as_ref()?;
        let claim = session.claim(id).filter(|c| c.span.doc == doc.id)?;
        Some((claim.span.start, claim.span.end))
    });
    let rtl = span.is_some_and(|(s, e)| {
        let edge = if start_edge { s } else { e.saturating_sub(1) };
        view.reads_rtl_at(&doc.text, edge)
    });
    let forward = forward != rtl;
    let step = |pos: usize| edge_step(&doc.text, &doc.map, pos, forward, start_edge);
    let shift = |(s, e): (usize, usize)| -> Option<(usize, usize)> {
        let (s, e) = if start_edge {
            (step(s), e)
        } else {
            (s, step(e))
        };
        (s < e).then_some((s, e))
    };
    if let Some(sel) = app.ui.panes[pane].view.selection {
        if let Some(new) = shift(sel) {
            app.ui.panes[pane].view.selection = Some(new);
        }
        return;
    }
    let Some(id) = app.ui.selected.clone() else {
        return;
    };
    let target = session
        .claim(&id)
        .filter(|c| c.span.doc == doc.id)
        .and_then(|c| shift((c.span.start, c.span.end)));
    if let Some((s, e)) = target {
        let result = session.set_span(&id, s, e, now);
        report(app, result);
    }
}

/// Starts another, empty project file over this corpus with this
/// project's labels: each annotator labels blind in a file of their own.
fn new_project_file(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(session) = &app.ctl.session else {
        return;
    };
    let corpus = session.workspace().corpus.root.clone();
    let labels = session.workspace().project.labels().to_vec();
    let guidelines = session.workspace().project.guidelines().to_owned();
    let Some(path) = ask_project_path(app, "New project file", "annotator.ron") else {
        return;
    };
    if path.exists() {
        app.ui.message = Some(format!(
            "{} exists already; open it with File › Open project…",
            path.display()
        ));
        return;
    }
    let mut fresh = crate::project::Project::new(".");
    let scheme = crate::project::schemes::replace_labels(
        &fresh,
        &labels,
        &crate::project::schemes::Orphans::Unlabel,
        Some(guidelines),
    );
    let saved = scheme
        .map_err(|e| e.to_string())
        .and_then(|edit| fresh.apply(edit).map_err(|e| e.to_string()))
        .and_then(|_| {
            fresh.set_corpus_reference(crate::project::corpus_reference(&path, &corpus));
            crate::project::save(&fresh, &path).map_err(|e| e.to_string())
        });
    match saved {
        Ok(()) => {
            app.ctl.labels_after_install = true;
            start_open(
                app,
                Some(ctx),
                OpenRequest::FolderWithProject {
                    corpus,
                    project: path,
                },
            )
        }
        Err(err) => app.ui.message = Some(format!("No new project file: {err}")),
    }
}

/// Picks another annotator's file and compares it (and the files already
/// compared) with this project, on a worker.
fn compare_with(app: &mut CrosscheckApp, ctx: &egui::Context) {
    if app.ctl.session.is_none() {
        return;
    }
    let Some(path) = app.dialogs.pick_project() else {
        return;
    };
    compare_paths(app, ctx, vec![path]);
}

/// Compares with the files already compared or picked, plus `new`.
fn compare_paths(app: &mut CrosscheckApp, ctx: &egui::Context, new: Vec<PathBuf>) {
    let Some(session) = &app.ctl.session else {
        return;
    };
    let ws = session.workspace();
    let mut paths: Vec<PathBuf> = app
        .ui
        .compare
        .as_ref()
        .map(|c| {
            c.files
                .iter()
                .map(|f| f.path.clone())
                .filter(|p| *p != ws.project_path)
                .collect()
        })
        .unwrap_or_default();
    for p in std::mem::take(&mut app.ui.compare_pending) {
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    paths.extend(new);
    if ws.project.claims().is_empty() && paths.len() < 2 {
        // An empty project (a new gold file) is not compared itself.
        if let Some(path) = paths.last() {
            app.ui.message = Some(format!(
                "Picked {}; pick another annotator's file to compare it with (File › Compare with…)",
                path.display()
            ));
        }
        app.ui.compare_pending = paths;
        return;
    }
    let own_path = ws.project_path.clone();
    let own = ws.project.clone();
    let corpus = ws.corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ctl.compare_job = Some(Job::spawn("comparing", wake, move || {
        super::compare_ui::load_comparison(&paths, Some((&own_path, &own)), &corpus)
    }));
}

fn go_to_disagreement(app: &mut CrosscheckApp, i: usize, now: f64) {
    let Some(c) = &mut app.ui.compare else {
        return;
    };
    let Some(d) = c.comparison.disagreements.get(i) else {
        return;
    };
    c.cursor = Some(i);
    c.open = true;
    let (doc, start, end) = (d.doc.clone(), d.start, d.end);
    let index = app
        .ctl
        .session
        .as_ref()
        .and_then(|s| s.workspace().corpus.position(&doc));
    if let Some(index) = index {
        let pane = app.ui.active;
        show_doc(&mut app.ui, pane, index);
        let view = &mut app.ui.panes[pane].view;
        view.scroll_to = Some(start);
        view.flash = Some((start, end, now + 1.6));
    }
}

fn decide(app: &mut CrosscheckApp, decision: super::compare_ui::Decision, now: f64) {
    let Some(c) = &app.ui.compare else {
        return;
    };
    let Some(d) = c.cursor.and_then(|i| c.comparison.disagreements.get(i)) else {
        app.ui.message = Some("Pick a disagreement first (F8)".into());
        return;
    };
    let annotator = app.annotator();
    let Some((edit, select)) = super::compare_ui::decision_edit(c, d, decision, &annotator) else {
        return;
    };
    let next = c.cursor.map(|i| i + 1).filter(|i| *i < c.comparison.len());
    let Some(session) = &mut app.ctl.session else {
        return;
    };
    match session.apply(edit, now) {
        Ok(()) => {
            if decision == super::compare_ui::Decision::Edit {
                select_claim(&mut app.ui, select);
            } else if let Some(next) = next {
                go_to_disagreement(app, next, now);
            }
        }
        Err(err) => app.ui.message = Some(err.to_string()),
    }
}

fn write_handout(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(out) = app
        .dialogs
        .pick_folder("Write the handout into (a new or empty folder)")
    else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let key = session.workspace().project.clone();
    let corpus = session.workspace().corpus.clone();
    let wake = app.ctl.waker(ctx);
    app.ctl.write_job = Some(Job::spawn("writing the handout", wake, move || {
        crate::grading::write_handout(&key, &corpus, &out)
            .map(|()| {
                format!(
                    "Handout written to {}: copy it to each student",
                    out.display()
                )
            })
            .map_err(|e| format!("No handout written: {e}"))
    }));
}

fn write_feedback(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let Some(dir) = app.dialogs.pick_folder("Write feedback files into") else {
        return;
    };
    let Some(session) = &app.ctl.session else {
        return;
    };
    let key = session.workspace().project.clone();
    let root = session.workspace().corpus.root.clone();
    let graded: Vec<_> = app
        .ui
        .grade
        .results
        .iter()
        .filter_map(|r| Some((r.result.as_ref().ok()?.clone(), r.project.clone()?)))
        .collect();
    let wake = app.ctl.waker(ctx);
    app.ctl.write_job = Some(Job::spawn("writing feedback", wake, move || {
        super::grade_ui::write_feedback(&key, &root, &graded, &dir)
            .map(|n| format!("{n} feedback files written to {}", dir.display()))
            .map_err(|e| format!("Feedback not written: {e}"))
    }));
}

/// Where the person may be asked to pick a path for Save as… (tests).
pub fn project_path(app: &CrosscheckApp) -> Option<PathBuf> {
    app.ctl
        .session
        .as_ref()
        .map(|s| s.workspace().project_path.clone())
}
