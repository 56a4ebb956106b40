//! `crosscheck merge` as a real git merge driver, in a temporary repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use crosscheck::corpus::Corpus;
use crosscheck::project::{
    self, Claim, ClaimChange, ClaimId, Edit, Project, Span, sync_with_corpus,
};

const TEXT: &str = "Hampshire police sent twelve firearms officers to London on Tuesday. \
The deployment followed a request from the Metropolitan Police. Residents said the \
operation began early in the morning and lasted until the evening.";

fn git(repo: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .output()
        .expect("git runs")
}

fn ok(repo: &Path, args: &[&str]) {
    let out = git(repo, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    corpus: Corpus,
}

impl Repo {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir(root.join("corpus")).unwrap();
        std::fs::write(root.join("corpus/a.txt"), TEXT).unwrap();
        ok(&root, &["init", "-q", "-b", "main"]);
        ok(&root, &["config", "user.name", "Test"]);
        ok(&root, &["config", "user.email", "test@example.org"]);
        let corpus = Corpus::open(&root.join("corpus")).unwrap();
        Self {
            _dir: dir,
            root,
            corpus,
        }
    }

    fn path(&self) -> PathBuf {
        self.root.join("ann.ron")
    }

    fn load(&self) -> Project {
        project::load(&self.path()).unwrap()
    }

    fn save(&self, p: &Project) {
        project::save(p, &self.path()).unwrap();
        let _ = std::fs::remove_file(project::backup_path(&self.path()));
    }

    fn claim(&self, id: &str, start: usize, end: usize, label: &str) -> Edit {
        let doc = self.corpus.get("a.txt").unwrap();
        let span = Span::from_document(doc, start, end).unwrap();
        let mut c = Claim::new(span, Some(label.into()), "ann", "2026-01-01T00:00:00Z");
        c.id = ClaimId(id.into());
        Edit::AddClaim(Box::new(c))
    }

    fn commit_all(&self, message: &str) {
        ok(&self.root, &["add", "-A"]);
        ok(&self.root, &["commit", "-q", "-m", message]);
    }

    fn use_driver(&self) {
        std::fs::write(self.root.join(".gitattributes"), "*.ron merge=crosscheck\n").unwrap();
        let driver = format!("{} merge %O %A %B", env!("CARGO_BIN_EXE_crosscheck"));
        ok(&self.root, &["config", "merge.crosscheck.driver", &driver]);
        ok(
            &self.root,
            &["config", "merge.crosscheck.name", "crosscheck claims"],
        );
    }

    /// main with one claim, then `ours` on main and `theirs` on a branch.
    fn branches(&self, ours: impl FnOnce(&mut Project), theirs: impl FnOnce(&mut Project)) {
        let mut p = Project::new("corpus");
        sync_with_corpus(&mut p, &self.corpus);
        p.apply(self.claim("c0", 0, 9, "agrees")).unwrap();
        self.save(&p);
        self.commit_all("base");
        ok(&self.root, &["checkout", "-q", "-b", "other"]);
        let mut t = self.load();
        theirs(&mut t);
        self.save(&t);
        self.commit_all("theirs");
        ok(&self.root, &["checkout", "-q", "main"]);
        let mut o = self.load();
        ours(&mut o);
        self.save(&o);
        self.commit_all("ours");
    }
}

fn ids(p: &Project) -> Vec<String> {
    p.claims().sorted().iter().map(|c| c.id.0.clone()).collect()
}

#[test]
fn claims_added_on_both_branches_merge_cleanly_with_the_driver_only() {
    let repo = Repo::new();
    let add_b = |p: &mut Project| {
        p.apply(repo.claim("cb", 50, 56, "contradicts")).unwrap();
    };
    let add_c = |p: &mut Project| {
        p.apply(repo.claim("cc", 100, 110, "unverified")).unwrap();
    };
    repo.branches(add_b, add_c);

    // A plain text merge: both branches appended a claim after c0.
    let plain = git(&repo.root, &["merge", "-q", "--no-edit", "other"]);
    assert!(!plain.status.success(), "the text merge should conflict");
    let text = std::fs::read_to_string(repo.path()).unwrap();
    assert!(text.contains("<<<<<<<"), "{text}");
    ok(&repo.root, &["merge", "--abort"]);

    repo.use_driver();
    ok(&repo.root, &["add", ".gitattributes"]);
    ok(&repo.root, &["commit", "-q", "-m", "driver"]);
    ok(&repo.root, &["merge", "-q", "--no-edit", "other"]);
    let merged = repo.load();
    assert_eq!(ids(&merged), vec!["c0", "cb", "cc"]);
    assert!(merged.claims().iter().all(|c| c.conflict.is_none()));
    let text = std::fs::read_to_string(repo.path()).unwrap();
    assert!(!text.contains("<<<<<<<"));
    assert_eq!(
        text,
        project::to_ron(&merged).unwrap(),
        "written as crosscheck writes"
    );
    assert!(
        !repo.root.join("ann.ron.bak").exists(),
        "no backup in the work tree"
    );
}

#[test]
fn one_claim_edited_on_both_branches_is_flagged_not_broken() {
    let repo = Repo::new();
    let relabel = |p: &mut Project| {
        let edit = Edit::UpdateClaim {
            id: ClaimId("c0".into()),
            change: ClaimChange::Label {
                label: Some("contradicts".into()),
                from_evidence: false,
            },
            modified: "2026-01-02T00:00:00Z".into(),
        };
        p.apply(edit).unwrap();
    };
    let note = |p: &mut Project| {
        let edit = Edit::UpdateClaim {
            id: ClaimId("c0".into()),
            change: ClaimChange::Note("checked".into()),
            modified: "2026-01-03T00:00:00Z".into(),
        };
        p.apply(edit).unwrap();
        p.apply(repo.claim("cx", 100, 110, "agrees")).unwrap();
    };
    repo.use_driver();
    repo.branches(relabel, note);
    ok(&repo.root, &["merge", "-q", "--no-edit", "other"]);
    let merged = repo.load();
    assert_eq!(merged.claims().len(), 3, "{:?}", ids(&merged));
    let c0 = merged.claims().get(&ClaimId("c0".into())).unwrap();
    assert_eq!(c0.label.as_deref(), Some("contradicts"));
    let flag = c0.conflict.as_ref().expect("flagged");
    let other = merged.claims().get(flag.other.as_ref().unwrap()).unwrap();
    assert_eq!(other.note, "checked");
    assert_eq!(other.conflict.as_ref().unwrap().other, Some(c0.id.clone()));

    // `crosscheck check` lists both versions and asks for attention.
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["check"])
        .arg(repo.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("claims flagged by a merge (2)"), "{stdout}");
    assert!(stdout.contains(&other.id.0), "{stdout}");
}

#[test]
fn a_deletion_of_an_unchanged_claim_wins_and_labels_merge_by_id() {
    let repo = Repo::new();
    let delete = |p: &mut Project| {
        p.apply(Edit::RemoveClaim(ClaimId("c0".into()))).unwrap();
    };
    let add_label = |p: &mut Project| {
        let label = project::Label::new("misleading", "Misleading", "#cc79a7", Some('4'));
        p.apply(Edit::AddLabel { index: 3, label }).unwrap();
        p.apply(repo.claim("cm", 20, 30, "misleading")).unwrap();
    };
    repo.use_driver();
    repo.branches(delete, add_label);
    ok(&repo.root, &["merge", "-q", "--no-edit", "other"]);
    let merged = repo.load();
    assert_eq!(ids(&merged), vec!["cm"]);
    assert!(merged.label("misleading").is_some());
}

#[test]
fn unreadable_input_leaves_ours_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (base, ours, theirs) = (
        dir.path().join("b.ron"),
        dir.path().join("o.ron"),
        dir.path().join("t.ron"),
    );
    let p = Project::new(".");
    project::save(&p, &ours).unwrap();
    std::fs::write(&base, "").unwrap();
    std::fs::write(&theirs, "(format_version: 99, corpus: \".\", labels: [])").unwrap();
    let before = std::fs::read(&ours).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("merge")
        .args([&base, &ours, &theirs])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer crosscheck"));
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}
