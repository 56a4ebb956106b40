//! Classrooms in the window: make the project an answer key, mark a bonus
//! claim with an explanation, grade two students, write their feedback
//! files and a handout with no answers.

use std::path::PathBuf;

use crate::harness::*;
use crosscheck::app::{Action, Command, OpenRequest, ScriptedDialogs};
use crosscheck::project;
use egui::Key;
use egui_kittest::kittest::Queryable as _;

const DOC: &str = "000_9da135f11425a690.txt";

fn answer(f: &mut Fixture, path: PathBuf) {
    f.harness.state_mut().dialogs = Box::new(ScriptedDialogs {
        answers: [Some(path)].into(),
        ..Default::default()
    });
}

fn act(f: &mut Fixture, action: Action) {
    f.harness.state_mut().ui.actions.push(action);
    f.harness.run_steps(2);
}

#[test]
fn a_teacher_makes_a_key_grades_and_gives_feedback() {
    let mut f = seeds_fixture();
    // The key: two claims, the second a bonus with an explanation.
    select_phrase(&mut f, 0, "Zoe Wakefield");
    key(&mut f, Key::Num1);
    select_phrase(&mut f, 0, "Chris Kaba");
    key(&mut f, Key::Num2);
    act(&mut f, Action::Command(Command::MakeAnswerKey));
    f.harness.run_steps(2);
    f.harness
        .get_by_label("This project is an answer key")
        .click();
    f.harness.run_steps(3);
    let is_key = |f: &Fixture| {
        f.app()
            .session()
            .unwrap()
            .workspace()
            .project
            .answer_key()
            .is_some()
    };
    assert!(is_key(&f));
    // The selected claim (Chris Kaba) is a bonus, with an explanation.
    f.harness.get_by_label("bonus").click();
    f.harness.run_steps(2);
    f.harness.get_by_label("Explanation for students").click();
    f.harness.run_steps(1);
    f.harness
        .get_by_label("Explanation for students")
        .type_text("He is named in the second paragraph.");
    f.harness.run_steps(3);
    let kaba = claims(f.app())
        .iter()
        .find(|c| c.span.quote == "Chris Kaba")
        .cloned()
        .unwrap();
    let info = kaba.key_info.expect("key data on the claim");
    assert!(!info.required);
    assert_eq!(info.explanation, "He is named in the second paragraph.");

    // Two students: Sam finds the first claim with its label and adds an
    // extra one; Tia labels the first claim wrongly.
    let corpus = f.corpus();
    let sam = f.dir.path().join("sam.ron");
    let tia = f.dir.path().join("tia.ron");
    annotator_file(
        &corpus,
        &sam,
        DOC,
        "sam",
        &[
            ("Zoe Wakefield", "agrees"),
            ("Hampshire Constabulary", "unverified"),
        ],
    );
    annotator_file(&corpus, &tia, DOC, "tia", &[("Wakefield", "contradicts")]);
    act(&mut f, Action::Command(Command::GradeStudents));
    for file in [&sam, &tia] {
        answer(&mut f, file.clone());
        act(&mut f, Action::AddStudentFiles);
    }
    act(&mut f, Action::GradeStudents);
    wait_until(&mut f, "grading", |app| app.ctl.busy().is_none());
    f.harness.run_steps(2);
    let results = &f.app().ui.grade.results;
    assert_eq!(results.len(), 2);
    let grade = |name: &str| {
        results
            .iter()
            .filter_map(|r| r.result.as_ref().ok())
            .find(|g| g.student == name)
            .cloned()
            .unwrap()
    };
    let (s, t) = (grade("sam"), grade("tia"));
    assert_eq!((s.found_required, s.extra, s.labels_correct), (1, 1, 1));
    assert_eq!((t.found_required, t.extra, t.labels_correct), (1, 0, 0));
    // Default rubric: 2 a claim found, 1 a right label, 1 off an extra.
    assert_eq!((s.score, t.score), (2 + 1 - 1, 2));
    assert!(
        f.harness.query_by_label("sam").is_some(),
        "the table shows them"
    );

    // Feedback files open as projects and carry the marks.
    let out = f.dir.path().join("feedback");
    std::fs::create_dir_all(&out).unwrap();
    answer(&mut f, out.clone());
    act(&mut f, Action::WriteFeedback);
    wait_until(&mut f, "feedback", |app| app.ctl.busy().is_none());
    let fb = project::load(&out.join("sam.feedback.ron")).unwrap();
    assert!(fb.claims().iter().any(|c| c.feedback.is_some()));
    assert!(
        fb.claims()
            .iter()
            .any(|c| c.note.contains("He is named in the second paragraph.")),
        "the key's explanation reaches the student"
    );

    // The handout: the articles, an empty project, no answers.
    let handout = f.dir.path().join("handout");
    answer(&mut f, handout.clone());
    act(&mut f, Action::WriteHandout);
    wait_until(&mut f, "the handout", |app| app.ctl.busy().is_none());
    let blank = project::load(&handout.join(project::DEFAULT_PROJECT_FILE)).unwrap();
    assert!(blank.claims().is_empty() && blank.answer_key().is_none());
    assert!(handout.join("INSTRUCTIONS.md").exists());
    assert!(handout.join("corpus").join(DOC).exists());

    // The teacher compares the key with one student in lanes.
    act(&mut f, Action::CompareStudent(sam.clone()));
    wait_until(&mut f, "the comparison", |app| app.ctl.busy().is_none());
    assert!(f.app().ui.compare.is_some(), "{:?}", f.app().ui.message);

    // The student opens the feedback file: each claim says what it came to.
    let feedback = out.join("sam.feedback.ron");
    f.harness
        .state_mut()
        .open(OpenRequest::Path(feedback.clone()));
    wait_until(&mut f, "the feedback file", |app| {
        app.session()
            .is_some_and(|s| s.workspace().project_path == feedback)
    });
    f.harness.run_steps(2);
    let mut marks = Vec::new();
    for _ in 0..claims(f.app()).len() {
        key(&mut f, Key::Tab);
        for text in [
            "you found it",
            "Not in the answer key",
            "you did not find it",
            "this claim is in the answer key",
        ] {
            if f.harness.query_by_label_contains(text).is_some() {
                marks.push(text);
            }
        }
    }
    assert!(marks.contains(&"Not in the answer key"), "{marks:?}");
    assert!(
        marks.contains(&"you did not find it"),
        "the bonus Kaba claim: {marks:?}"
    );
}
