//! What the window shows and where the person is: panes, the documents
//! list, the windows' own state. No project data (that is the `Session`).

use super::action::Action;
use super::article::{ArticleOutput, ArticleView, FindBar};
use super::panels::SearchState;
use super::panels::claim::DocClaimsCache;
use super::windows;
use crate::project::ClaimId;
use crate::session::LabelProposal;
use crate::study::Share;

/// One of the (up to two) article panes.
pub struct Pane {
    pub view: ArticleView,
    /// Index into the corpus's documents.
    pub doc: usize,
}

/// What the rows were made for: (filter, order, documents, in a study:
/// (share size, only the share)).
type RowsKey = (String, DocSort, usize, Option<(usize, bool)>);

/// The documents list's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DocSort {
    /// As the folder lists them (file path).
    #[default]
    File,
    Title,
    /// Oldest first, so reports of one event read in the order they
    /// appeared; undated articles last.
    Date,
    /// By outlet, then date; articles with no outlet last.
    Outlet,
}

impl DocSort {
    pub const ALL: [DocSort; 4] = [Self::File, Self::Title, Self::Date, Self::Outlet];

    pub fn name(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Title => "Title",
            Self::Date => "Date",
            Self::Outlet => "Outlet",
        }
    }

    /// The documents' indices in this order (stable: ties keep the folder's).
    pub fn order(self, docs: &[crate::corpus::Document], rows: &mut [usize]) {
        let date = |i: usize| docs[i].source.as_ref().and_then(|s| s.date());
        let outlet = |i: usize| {
            docs[i]
                .source
                .as_ref()
                .and_then(|s| s.outlet.as_deref())
                .map(str::to_lowercase)
        };
        // `None` sorts after every value.
        let last = |o: Option<String>| (o.is_none(), o);
        match self {
            Self::File => {}
            Self::Title => rows.sort_by_cached_key(|&i| docs[i].title.to_lowercase()),
            Self::Date => rows.sort_by_cached_key(|&i| last(date(i))),
            Self::Outlet => rows.sort_by_cached_key(|&i| (last(outlet(i)), last(date(i)))),
        }
    }
}

/// The documents list after filtering (the share first, in a study),
/// recomputed only when the filter, the corpus or the share changes (not
/// every frame: corpora have 10,000 documents).
#[derive(Default)]
pub struct DocRows {
    key: Option<RowsKey>,
    /// Lower-cased "title id outlet" per document, built once per corpus.
    haystacks: Vec<String>,
    rows: std::sync::Arc<Vec<usize>>,
}

impl DocRows {
    /// The rows the filter keeps; in a study the share's first, the others
    /// after them unless `share.1` (only the share).
    pub fn rows(
        &mut self,
        filter: &str,
        sort: DocSort,
        docs: &[crate::corpus::Document],
        share: Option<(&Share, bool)>,
    ) -> std::sync::Arc<Vec<usize>> {
        let key = (
            filter.to_owned(),
            sort,
            docs.len(),
            share.map(|(s, only)| (s.len(), only)),
        );
        if self.key.as_ref() != Some(&key) {
            if self.haystacks.len() != docs.len() {
                self.haystacks = docs
                    .iter()
                    .map(|d| {
                        let outlet = d.source.as_ref().and_then(|s| s.outlet.as_deref());
                        format!("{} {} {}", d.title, d.id, outlet.unwrap_or("")).to_lowercase()
                    })
                    .collect();
            }
            let needle = filter.trim().to_lowercase();
            let mut filtered: Vec<usize> = (0..docs.len())
                .filter(|&i| needle.is_empty() || self.haystacks[i].contains(&needle))
                .collect();
            sort.order(docs, &mut filtered);
            self.rows = std::sync::Arc::new(match share {
                Some((share, only)) => share.arrange(&filtered, only).0,
                None => filtered,
            });
            self.key = Some(key);
        }
        self.rows.clone()
    }
}

/// The annotator's share in a study ([`Share`]), made again only when the
/// corpus or the assigned list changes size.
#[derive(Default)]
pub struct ShareCache {
    key: Option<(usize, usize)>,
    share: Option<Share>,
    /// (session version, the status bar's figures) at that version.
    counts: Option<(u64, (usize, usize, usize))>,
}

impl ShareCache {
    pub fn get(
        &mut self,
        project: &crate::project::Project,
        docs: &[crate::corpus::Document],
    ) -> Option<&Share> {
        let key = (docs.len(), project.assigned().len());
        if self.key != Some(key) {
            self.share = Share::of(project, docs);
            self.key = Some(key);
            self.counts = None;
        }
        self.share.as_ref()
    }

    /// (documents of the share done, in it, assigned but not in the
    /// corpus), counted again only when the project changed.
    pub fn counts(&mut self, session: &crate::session::Session) -> Option<(usize, usize, usize)> {
        let version = session.version();
        let ws = session.workspace();
        let docs = &ws.corpus.documents;
        self.get(&ws.project, docs)?;
        if let Some((v, c)) = self.counts
            && v == version
        {
            return Some(c);
        }
        let share = self.share.as_ref()?;
        let c = (share.done(&ws.project, docs), share.len(), share.missing());
        self.counts = Some((version, c));
        Some(c)
    }
}

/// What the window shows and where the person is; no project data.
pub struct UiState {
    pub panes: [Pane; 2],
    /// The second pane is open (side by side).
    pub split: bool,
    /// The pane keys act on.
    pub active: usize,
    pub selected: Option<ClaimId>,
    pub filter: String,
    pub doc_rows: DocRows,
    pub doc_sort: DocSort,
    /// In a study: the annotator's share, and whether the documents list
    /// hides the others.
    pub share: ShareCache,
    pub only_share: bool,
    pub focus_note: bool,
    pub help: windows::HelpWindow,
    pub skipped: windows::SkippedWindow,
    /// View › Detached spans.
    pub detached: windows::DetachedWindow,
    /// View › Corpus overview.
    pub overview: windows::OverviewWindow,
    /// File › Export….
    pub export: windows::ExportWindow,
    pub proposal: Option<LabelProposal>,
    /// A message for the status bar (errors of edits, …).
    pub message: Option<String>,
    pub last_outputs: [Option<ArticleOutput>; 2],
    /// What this frame's views and keys asked for, run after drawing.
    pub actions: Vec<Action>,
    /// The claim panel's list of the article's claims.
    pub doc_claims: DocClaimsCache,
    pub labels: windows::LabelsWindow,
    pub guidelines: windows::GuidelinesWindow,
    /// File › Import from another tool….
    pub import: windows::ImportWindow,
    /// File › Add articles… (desktop).
    pub add: windows::AddWindow,
    /// A dataset file's columns (View › Skipped files, the article header).
    pub columns: windows::ColumnsWindow,
    /// Other annotators' files being compared with this project.
    pub compare: Option<windows::CompareState>,
    /// Files picked to compare with while one more is needed.
    pub compare_pending: Vec<std::path::PathBuf>,
    /// Find in the article (Ctrl+F).
    pub find: FindBar,
    /// File › Make answer key….
    pub key_window: windows::KeyWindow,
    /// File › Grade student files….
    pub grade: windows::GradeWindow,
    /// File › Plan a study… and File › Study progress….
    pub plan: windows::PlanWindow,
    pub study: windows::StudyWindow,
    /// The corpus index, the search panel and suggested evidence.
    pub search: SearchState,
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            panes: [
                Pane {
                    view: ArticleView::new("left"),
                    doc: 0,
                },
                Pane {
                    view: ArticleView::new("right"),
                    doc: 0,
                },
            ],
            split: false,
            active: 0,
            selected: None,
            filter: String::new(),
            doc_rows: DocRows::default(),
            doc_sort: DocSort::default(),
            share: ShareCache::default(),
            only_share: false,
            focus_note: false,
            help: windows::HelpWindow::default(),
            skipped: windows::SkippedWindow::default(),
            detached: windows::DetachedWindow::default(),
            overview: windows::OverviewWindow::default(),
            export: windows::ExportWindow::default(),
            proposal: None,
            message: None,
            last_outputs: [None, None],
            actions: Vec::new(),
            doc_claims: DocClaimsCache::default(),
            labels: windows::LabelsWindow::default(),
            guidelines: windows::GuidelinesWindow::default(),
            import: windows::ImportWindow::default(),
            add: windows::AddWindow::default(),
            columns: windows::ColumnsWindow::default(),
            compare: None,
            compare_pending: Vec::new(),
            find: FindBar::default(),
            key_window: windows::KeyWindow::default(),
            grade: windows::GradeWindow::default(),
            plan: windows::PlanWindow::default(),
            study: windows::StudyWindow::default(),
            search: SearchState::default(),
        }
    }
}
