//! The one place actions are carried out: [`run`] is a match with one call
//! per action, [`run_command`] the same for the command table.

use super::classroom::{
    add_student_files, compare_student, grade_students, key_info, write_feedback, write_handout,
};
use super::edits::{
    accept_proposal, apply, change_labels, delete_claim, repoint_evidence, select_and_show,
    set_annotator, set_label, set_note, set_span, toggle_done, update,
};
use super::files::{
    export_to, import_from_tool, import_pre_annotations, load_guidelines, new_project_file,
    request_close, save_as, unsaved_answer,
};
use super::keys::{change_font, confirm, label_key, label_selection, move_edge};
#[cfg(not(target_arch = "wasm32"))]
use super::opening::shared_open_answer;
use super::opening::start_open;
use super::reveal::{follow_evidence, follow_link, reveal_span};
use super::search::{run_search, step_suggestion};
use super::team::{compare_with, decide, go_to_disagreement};
use crate::app::CrosscheckApp;
use crate::app::action::{Action, OpenRequest};
use crate::app::command::Command;
use crate::app::jobs::Job;
use crate::app::nav::{select_claim, show_doc, step_claim, step_sentence};
use crate::project::ClaimChange;

/// Carries out what the frame collected, in order.
pub fn run_frame_actions(app: &mut CrosscheckApp, ctx: &egui::Context) {
    let actions = std::mem::take(&mut app.ui.actions);
    // What they change is drawn by the next frame, which nothing else may
    // ask for (a click's own repaint is this frame).
    if !actions.is_empty() {
        ctx.request_repaint();
    }
    for action in actions {
        run(app, ctx, action);
    }
}

pub fn run(app: &mut CrosscheckApp, ctx: &egui::Context, action: Action) {
    let now = ctx.input(|i| i.time);
    match action {
        Action::Command(command) => run_command(app, ctx, command),
        Action::Search(action) => run_search(app, ctx, action),
        Action::LabelKey(key) => label_key(app, key, now),
        Action::Open(request) => start_open(app, Some(ctx), request),
        Action::LabelSelection { pane, label, link } => {
            label_selection(app, pane, &label, link, now)
        }
        Action::SetLabel { claim, label } => set_label(app, &claim, &label, now),
        Action::SetNote { claim, note } => set_note(app, &claim, note, now),
        Action::SetSpan { claim, start, end } => set_span(app, &claim, start, end, now),
        Action::RemoveEvidence { claim, evidence } => {
            update(app, &claim, ClaimChange::RemoveEvidence(evidence), now)
        }
        Action::RelabelEvidence {
            claim,
            evidence,
            relation,
        } => update(
            app,
            &claim,
            ClaimChange::EvidenceRelation {
                id: evidence,
                relation,
            },
            now,
        ),
        Action::RepointEvidence {
            claim,
            evidence,
            doc,
            start,
            end,
        } => repoint_evidence(app, &claim, evidence, &doc, start..end, now),
        Action::DeleteClaim(claim) => delete_claim(app, &claim, now),
        Action::ToggleDoneDoc(doc) => toggle_done(app, &doc, now),
        Action::AcceptProposal => accept_proposal(app, now),
        Action::SetAnnotator(name) => set_annotator(app, name),
        Action::ExportTo(format) => export_to(app, ctx, format),
        Action::ImportFrom { tool, options } => import_from_tool(app, ctx, tool, options),
        Action::AddArticles(items) => super::add::add_articles(app, ctx, items),
        Action::PickArticleFiles => super::add::pick_article_files(app, ctx),
        Action::ChooseColumns(file) => super::add::choose_columns(app, file),
        Action::SetColumns { file, columns } => super::add::set_columns(app, file, columns, now),
        Action::Apply(edit) => apply(app, edit, now),
        Action::GoToDisagreement(i) => go_to_disagreement(app, i, now),
        Action::KeyInfo { claim, info } => key_info(app, claim, info, now),
        Action::WriteHandout => write_handout(app, ctx),
        Action::AddStudentFiles => add_student_files(app),
        Action::GradeStudents => grade_students(app, ctx),
        Action::PlanStudy(request) => super::study::plan_study(app, ctx, request),
        Action::PickStudyFolder => super::study::pick_study_folder(app),
        Action::PickStudyPlan => super::study::pick_study_plan(app, ctx),
        Action::RefreshStudy => super::study::refresh_study(app, ctx),
        Action::GatherStudy => super::study::gather_study(app, ctx),
        Action::WriteFeedback => write_feedback(app, ctx),
        Action::CompareStudent(path) => compare_student(app, ctx, path),
        Action::SelectClaim(id) => select_and_show(app, id),
        Action::ResolveConflict(id) => update(app, &id, ClaimChange::Conflict(None), now),
        Action::Decide(decision) => decide(app, decision, now),
        Action::ChangeLabels { change, orphans } => change_labels(app, change, &orphans, now),
        Action::Unsaved(answer) => unsaved_answer(app, ctx, answer),
        Action::CloseRequested => {
            // The last seconds of work go into the save before closing.
            super::flush_active_time(app);
            request_close(app, ctx);
        }
        Action::LoadGuidelines => load_guidelines(app, now),
        Action::EndComparison => app.ui.compare = None,
        Action::ShowDoc { pane, doc } => {
            app.ui.split |= pane == 1;
            show_doc(&mut app.ui, pane, doc);
        }
        Action::RevealSpan { doc, start, end } => reveal_span(app, ctx, &doc, start, end, 0),
        Action::FollowEvidence { claim, evidence } => follow_evidence(app, ctx, &claim, &evidence),
        Action::FollowLink { claim, evidence } => follow_link(app, ctx, claim, &evidence),
        Action::ClearHighlights => {
            for pane in &mut app.ui.panes {
                pane.view.selection = None;
            }
        }
        Action::ShowSkipped => app.ui.skipped.open = true,
        #[cfg(not(target_arch = "wasm32"))]
        Action::SharedOpen(answer) => shared_open_answer(app, answer),
        #[cfg(target_arch = "wasm32")]
        Action::SharedOpen(_) => {}
    }
}

pub(super) fn run_command(app: &mut CrosscheckApp, ctx: &egui::Context, command: Command) {
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
        Command::Export => app.ui.export.open = has_session,
        Command::Import => {
            if has_session {
                import_pre_annotations(app, ctx);
            }
        }
        Command::ImportFrom => app.ui.import.open = has_session,
        Command::AddArticles => app.ui.add.open = has_session,
        Command::Quit => request_close(app, ctx),
        Command::Undo | Command::Redo => {
            let Some(session) = &mut app.ctl.session else {
                return;
            };
            let columns_before = session.workspace().project.datasets().clone();
            let claim = if command == Command::Undo {
                session.undo(now)
            } else {
                session.redo(now)
            };
            // Undoing a choice of dataset columns reads the folder with
            // the columns it had.
            if *session.workspace().project.datasets() != columns_before {
                super::add::read_folder_again(app, None);
                return;
            }
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
            crate::app::nav::toggle_split(&mut app.ui, count);
        }
        Command::NextDoc | Command::PrevDoc => {
            let count = app.doc_count();
            if count > 0 {
                let pane = app.ui.active;
                let current = app.ui.panes[pane].doc;
                let forward = command == Command::NextDoc;
                // In a study, through the annotator's share only.
                let in_share = app.ctl.session.as_ref().and_then(|s| {
                    let ws = s.workspace();
                    let share = app.ui.share.get(&ws.project, &ws.corpus.documents)?;
                    share.step(current, forward)
                });
                let next = in_share.unwrap_or_else(|| {
                    // In the list's order, so a list sorted by date reads
                    // from report to report in time.
                    let mut order: Vec<usize> = (0..count).collect();
                    if let Some(s) = app.ctl.session.as_ref() {
                        app.ui
                            .doc_sort
                            .order(&s.workspace().corpus.documents, &mut order);
                    }
                    let at = order.iter().position(|&i| i == current).unwrap_or(0);
                    let step = if forward { at + 1 } else { at + count - 1 };
                    order[step % count]
                });
                show_doc(&mut app.ui, pane, next);
            }
        }
        Command::ToggleOverview => app.ui.overview.open = !app.ui.overview.open && has_session,
        Command::ToggleDetached => app.ui.detached.open = !app.ui.detached.open && has_session,
        Command::ToggleSkipped => app.ui.skipped.open = !app.ui.skipped.open && has_session,
        Command::ToggleTheme => {
            app.settings.dark = !app.settings.dark;
            app.remember_settings();
        }
        Command::FontBigger => change_font(app, 1.0),
        Command::FontSmaller => change_font(app, -1.0),
        Command::FontReset => {
            app.settings.font_size = crate::app::Settings::default().font_size;
            app.remember_settings();
        }
        Command::ToggleHelp => app.ui.help.open = !app.ui.help.open,
        Command::Confirm => confirm(app, now),
        Command::Cancel => {
            let pane = app.ui.active;
            if app.ui.proposal.is_some() {
                app.ui.proposal = None;
            } else if app.ui.panes[pane].view.selection.is_some() {
                app.ui.panes[pane].view.selection = None;
            } else if app.ui.help.open {
                app.ui.help.open = false;
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
        Command::PlanStudy => app.ui.plan.open = has_session,
        Command::StudyProgress => super::study::open_study(app, ctx),
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
            step_suggestion(app, ctx, command == Command::NextSuggestion);
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
        Command::TakeA => decide(app, crate::agreement::adjudicate::Decision::TakeA, now),
        Command::TakeB => decide(app, crate::agreement::adjudicate::Decision::TakeB, now),
        Command::TakeBoth => decide(app, crate::agreement::adjudicate::Decision::TakeBoth, now),
        Command::RejectDisagreement => {
            decide(app, crate::agreement::adjudicate::Decision::Reject, now)
        }
        Command::TakeAndEdit => decide(app, crate::agreement::adjudicate::Decision::Edit, now),
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
