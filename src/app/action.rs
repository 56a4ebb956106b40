//! What views and keys ask for during a frame, carried out by the
//! controller after drawing. A leaf of the window: it imports only the
//! command table and the library's domain types, so every view can push
//! actions without depending on the controller (which depends on them).

use std::path::PathBuf;

use super::command::{Command, LabelKey};
use crate::agreement::adjudicate::Decision;
use crate::export::Format;
use crate::import::{ImportOptions, Tool};
use crate::project::label_change::LabelChange;
use crate::project::schemes::Orphans;
use crate::project::{ClaimId, Edit, KeyInfo};

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
        tool: Tool,
        options: ImportOptions,
    },
    /// File › Add articles…: fetch these web addresses, copy these files
    /// into the corpus folder, then read it again.
    AddArticles(Vec<String>),
    /// Add articles… › Add files…: pick files, then add them.
    PickArticleFiles,
    /// Open the Dataset columns dialog for this dataset file.
    ChooseColumns(String),
    /// Keep this choice of a dataset file's columns and read it again.
    SetColumns {
        file: String,
        columns: crate::dataset::Columns,
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
        info: KeyInfo,
    },
    WriteHandout,
    /// File › Plan a study…: write the plan and the annotators' files.
    PlanStudy(PlanRequest),
    /// Choose the Plan window's study folder.
    PickStudyFolder,
    /// Choose the plan the Study window follows.
    PickStudyPlan,
    /// Read the Study window's plan and files again.
    RefreshStudy,
    /// Gather the study into a gold file (asks where).
    GatherStudy,
    AddStudentFiles,
    GradeStudents,
    WriteFeedback,
    /// Compare the key with one graded student's file.
    CompareStudent(PathBuf),
    /// Show disagreement `i` of the comparison.
    GoToDisagreement(usize),
    /// Adjudicate the shown disagreement into this project.
    Decide(Decision),
    /// Remove a label or swap the scheme; claims that lose their label get
    /// `orphans`.
    ChangeLabels {
        change: LabelChange,
        orphans: Orphans,
    },
    /// Open or link a search result or suggested evidence.
    Search(SearchAction),
    /// View › Guidelines › Load…: pick a Markdown file and make it the
    /// project's guidelines.
    LoadGuidelines,
    /// File › Compare with… › End the comparison.
    EndComparison,
    /// Show document `doc` in `pane` (and make that pane active; pane 1
    /// opens side by side).
    ShowDoc {
        pane: usize,
        doc: usize,
    },
    /// Show `doc[start..end]` in the other pane, flashing it.
    RevealSpan {
        doc: String,
        start: usize,
        end: usize,
    },
    /// Show an evidence span of a claim beside the claim's pane.
    FollowEvidence {
        claim: ClaimId,
        evidence: String,
    },
    /// Show a claim in the first pane and one of its evidence spans beside it.
    FollowLink {
        claim: ClaimId,
        evidence: String,
    },
    /// Drop the highlights of both panes.
    ClearHighlights,
    /// The status bar's "N files skipped".
    ShowSkipped,
    /// The answer to "this project is open in another window".
    SharedOpen(SharedOpenAnswer),
}

/// How to open a project another window has open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharedOpenAnswer {
    /// Open it to edit; every save merges the other window's work.
    Merge,
    /// Open it to read; nothing is saved here.
    ReadOnly,
    /// Leave it closed.
    Cancel,
}

/// The answers of the dialog shown when unsaved work cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Retry,
    SaveAs,
    Discard,
    Cancel,
}

/// What a view asks of the search, run after drawing.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchAction {
    /// Show `doc` at `start..end`, flashing it: beside the selected claim
    /// when there is one. `highlight` also makes it the highlight, so a
    /// label key links it.
    Open {
        doc: usize,
        start: usize,
        end: usize,
        highlight: bool,
    },
    /// Link `doc[start..end]` to the selected claim as evidence.
    Link {
        doc: usize,
        start: usize,
        end: usize,
        relation: String,
    },
}

/// What to open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenRequest {
    /// The bundled sample corpus.
    Sample,
    /// A corpus folder or a project file.
    Path(PathBuf),
    /// A project whose file is damaged, restored from its `.bak`.
    RestoreBackup(PathBuf),
    /// A corpus folder annotated in a named project file (created when it
    /// does not exist): each annotator of a team has their own.
    FolderWithProject { corpus: PathBuf, project: PathBuf },
}

/// What File › Plan a study… asks for: `crosscheck assign`'s settings and
/// the study folder (the corpus folder when `None`).
#[derive(Clone, Debug)]
pub struct PlanRequest {
    pub settings: crate::study::Settings,
    pub out: Option<PathBuf>,
}
