//! The project file layout: files written before spans went on one line
//! still load, the new layout round-trips byte for byte, and `ron` itself
//! reads it.

use std::path::Path;

use crosscheck::project::{self, Project};

const OLD_LAYOUT: [&str; 3] = [
    "tests/fixtures/agreement/ann.ron",
    "tests/fixtures/agreement/bob.ron",
    "tests/fixtures/agreement/cy.ron",
];

#[test]
fn files_in_the_old_layout_load_and_are_saved_in_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    for fixture in OLD_LAYOUT {
        let old_text = std::fs::read_to_string(fixture).unwrap();
        // The fixtures are ron's own pretty printing: a span's fields on
        // lines of their own.
        assert!(old_text.contains("span: (\n"), "{fixture}");
        let old = project::load(Path::new(fixture)).unwrap();
        assert!(!old.claims().is_empty(), "{fixture}");
        let by_ron: Project = ron::from_str(&old_text).unwrap();
        assert_eq!(old, by_ron, "{fixture}: the fast reader and ron agree");

        let path = dir.path().join("p.ron");
        project::save(&old, &path).unwrap();
        let new_text = std::fs::read_to_string(&path).unwrap();
        assert_ne!(new_text, old_text);
        assert!(!new_text.contains("span: (\n"), "{new_text}");
        assert!(new_text.contains("span: (doc: \""), "{new_text}");
        // Still one claim field a line, so the file diffs by field.
        assert!(
            new_text.contains("\n            label: Some(\""),
            "{new_text}"
        );
        let again = project::load(&path).unwrap();
        assert_eq!(again, old);
        let by_ron: Project = ron::from_str(&new_text).unwrap();
        assert_eq!(by_ron, old, "ron reads the new layout");
        // Deterministic: what was read back writes the same bytes.
        assert_eq!(project::to_ron(&again).unwrap(), new_text);
    }
}

#[test]
fn hand_written_ron_outside_the_fast_subset_still_loads() {
    // Comments and a hex number are RON the fast reader
    // leaves to ron.
    let text = "// a comment\n(format_version: 0x1, corpus: \".\", labels: [\
                (id: \"agrees\", name: \"Agrees\", color: \"#0072b2\")], /* gone */ claims: [])";
    let project = project::from_ron(text, Path::new("hand.ron")).unwrap();
    assert_eq!(project.labels()[0].id, "agrees");
    assert_eq!(project.format_version(), 1);
}

#[test]
fn errors_still_name_the_line_and_column() {
    let text = "(\n    format_version: 1,\n    corpus: \".\",\n    labels: [oops\n";
    match project::from_ron(text, Path::new("bad.ron")) {
        Err(project::ProjectError::Parse { line, column, .. }) => {
            assert_eq!((line, column), (4, 14));
        }
        other => panic!("{other:?}"),
    }
}
