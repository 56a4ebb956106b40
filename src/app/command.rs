//! The command table: every menu item, key and button that is a command
//! owns its name, its shortcuts and its help text here, once.
//!
//! Keys are matched on the raw input, before egui's focus traversal sees
//! them (Tab in a real window otherwise walks the menu bar), with exact
//! modifiers, most specific shortcut first, and the matched event is
//! removed so nothing else acts on it too.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A command with no data: what a menu item or a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    OpenFolder,
    OpenProject,
    OpenSample,
    Save,
    SaveAs,
    Export,
    Import,
    ImportFrom,
    /// File › Add articles… (desktop: fetching and copying into the folder).
    AddArticles,
    Quit,
    Undo,
    Redo,
    Delete,
    EditNote,
    ToggleDone,
    ToggleSplit,
    NextDoc,
    PrevDoc,
    ToggleOverview,
    ToggleDetached,
    ToggleSkipped,
    ToggleTheme,
    FontBigger,
    FontSmaller,
    FontReset,
    ToggleHelp,
    /// Enter: make the highlight a claim, or accept a proposed label.
    Confirm,
    /// Esc: drop a proposal, then the highlight, then the selection.
    Cancel,
    NextSentence,
    PrevSentence,
    NextClaim,
    PrevClaim,
    EndRight,
    EndLeft,
    StartRight,
    StartLeft,
    EditLabels,
    UseLabelsFrom,
    ToggleGuidelines,
    NewProjectFile,
    CompareWith,
    ToggleComparison,
    NextDisagreement,
    PrevDisagreement,
    TakeA,
    TakeB,
    TakeBoth,
    RejectDisagreement,
    TakeAndEdit,
    Find,
    MakeAnswerKey,
    GradeStudents,
    PlanStudy,
    StudyProgress,
    SearchCorpus,
    NextSuggestion,
    PrevSuggestion,
}

/// A key and the exact modifiers that must be held with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shortcut {
    pub modifiers: Modifiers,
    pub key: Key,
}

const fn key(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers::NONE,
        key,
    }
}

const fn cmd(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers::COMMAND,
        key,
    }
}

const fn cmd_shift(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers {
            alt: false,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: true,
        },
        key,
    }
}

const fn shift(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers::SHIFT,
        key,
    }
}

const fn alt(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers::ALT,
        key,
    }
}

const fn alt_shift(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers {
            alt: true,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: false,
        },
        key,
    }
}

impl Shortcut {
    /// Shortcuts with Ctrl/Cmd or a function key act while a text field has
    /// the keyboard; the others are typing there.
    pub fn works_while_typing(&self) -> bool {
        self.modifiers.command || matches!(self.key, Key::F1 | Key::F8)
    }

    /// How many modifiers it asks for: more specific shortcuts match first.
    fn specificity(&self) -> u8 {
        let m = self.modifiers;
        u8::from(m.command) + u8::from(m.shift) + u8::from(m.alt)
    }

    /// Keys whose symbol is typed with Shift on common layouts (`+`, `?`):
    /// whether Shift is held says nothing about them.
    fn shift_is_part_of_key(&self) -> bool {
        matches!(self.key, Key::Plus | Key::Questionmark)
    }

    /// Whether a pressed key with `modifiers` is this shortcut. Modifiers
    /// must match exactly (egui's own matching ignores extra Shift and Alt,
    /// which made Alt+Shift+Right also fire Shift+Right). Digits also match
    /// by physical key: Shift+1 arrives as `!` on a US layout.
    pub fn matches(&self, pressed: Key, physical: Option<Key>, modifiers: Modifiers) -> bool {
        let is_digit = self.key.name().len() == 1 && self.key.name().as_bytes()[0].is_ascii_digit();
        let key_ok = pressed == self.key || (is_digit && physical == Some(self.key));
        if !key_ok {
            return false;
        }
        let command = modifiers.command || modifiers.ctrl || modifiers.mac_cmd;
        let want = self.modifiers;
        command == (want.command || want.ctrl || want.mac_cmd)
            && modifiers.alt == want.alt
            && (self.shift_is_part_of_key() || modifiers.shift == want.shift)
    }

    pub fn to_egui(self) -> KeyboardShortcut {
        KeyboardShortcut::new(self.modifiers, self.key)
    }

    /// The shortcut as the person reads it (Ctrl+S, ⌘S on macOS).
    pub fn format(&self, ctx: &egui::Context) -> String {
        if self.modifiers.is_none() {
            return match self.key {
                Key::Questionmark => "?".into(),
                Key::OpenBracket => "[".into(),
                Key::CloseBracket => "]".into(),
                k => k.symbol_or_name().to_owned(),
            };
        }
        ctx.format_shortcut(&self.to_egui())
    }
}

impl Command {
    pub const ALL: [Command; 57] = [
        Command::OpenFolder,
        Command::OpenProject,
        Command::OpenSample,
        Command::Save,
        Command::SaveAs,
        Command::Export,
        Command::Import,
        Command::ImportFrom,
        Command::AddArticles,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Delete,
        Command::EditNote,
        Command::ToggleDone,
        Command::ToggleSplit,
        Command::NextDoc,
        Command::PrevDoc,
        Command::ToggleOverview,
        Command::ToggleDetached,
        Command::ToggleSkipped,
        Command::ToggleTheme,
        Command::FontBigger,
        Command::FontSmaller,
        Command::FontReset,
        Command::ToggleHelp,
        Command::Confirm,
        Command::Cancel,
        Command::NextSentence,
        Command::PrevSentence,
        Command::NextClaim,
        Command::PrevClaim,
        Command::EndRight,
        Command::EndLeft,
        Command::StartRight,
        Command::StartLeft,
        Command::EditLabels,
        Command::UseLabelsFrom,
        Command::ToggleGuidelines,
        Command::NewProjectFile,
        Command::CompareWith,
        Command::ToggleComparison,
        Command::NextDisagreement,
        Command::PrevDisagreement,
        Command::TakeA,
        Command::TakeB,
        Command::TakeBoth,
        Command::RejectDisagreement,
        Command::TakeAndEdit,
        Command::Find,
        Command::MakeAnswerKey,
        Command::GradeStudents,
        Command::PlanStudy,
        Command::StudyProgress,
        Command::SearchCorpus,
        Command::NextSuggestion,
        Command::PrevSuggestion,
    ];

    /// (menu text, help text).
    pub fn text(self) -> (&'static str, &'static str) {
        use Command::*;
        match self {
            OpenFolder => ("Open folder…", "open a corpus folder"),
            OpenProject => ("Open project…", "open a project file (.ron)"),
            OpenSample => ("Open the sample corpus", "open the bundled sample"),
            Save => ("Save", "save now (saving is automatic)"),
            SaveAs => ("Save as…", "save the project under another name"),
            Export => ("Export…", "export training data"),
            Import => (
                "Import pre-annotations…",
                "add claims from a JSON Lines file",
            ),
            ImportFrom => (
                "Import from another tool…",
                "add claims, labels and links from doccano, brat or Label Studio",
            ),
            AddArticles => (
                "Add articles…",
                "add articles from web addresses, saved pages, PDFs or dataset files",
            ),
            Quit => ("Quit", "save and quit"),
            Undo => ("Undo", "undo"),
            Redo => ("Redo", "redo"),
            Delete => ("Delete claim", "delete the selected claim"),
            EditNote => ("Edit note", "write a note on the selected claim"),
            ToggleDone => ("Mark document done", "mark the document done / not done"),
            ToggleSplit => ("Side by side", "side by side: open a second article"),
            NextDoc => ("Next document", "next document"),
            PrevDoc => ("Previous document", "previous document"),
            ToggleOverview => (
                "Corpus overview",
                "corpus overview (agree / contradict matrix)",
            ),
            ToggleDetached => ("Detached spans", "spans whose text was not found again"),
            ToggleSkipped => ("Skipped files", "files of the folder that were not read"),
            ToggleTheme => ("Dark / light theme", "switch between dark and light"),
            FontBigger => ("Larger text", "larger text"),
            FontSmaller => ("Smaller text", "smaller text"),
            FontReset => ("Default text size", "default text size"),
            ToggleHelp => ("Keyboard shortcuts", "this list"),
            Confirm => (
                "Make claim",
                "make the highlight a claim without a label yet; accept a proposed label",
            ),
            Cancel => ("Cancel", "cancel the highlight / deselect"),
            NextSentence => ("Next sentence", "highlight the next sentence"),
            PrevSentence => ("Previous sentence", "highlight the previous sentence"),
            NextClaim => ("Next claim", "next claim in this document"),
            PrevClaim => ("Previous claim", "previous claim in this document"),
            EndRight => (
                "Extend end",
                "move the end of the highlight or claim right by a word",
            ),
            EndLeft => (
                "Shrink end",
                "move the end of the highlight or claim left by a word",
            ),
            StartRight => ("Move start right", "move the start right by a word"),
            StartLeft => ("Move start left", "move the start left by a word"),
            EditLabels => (
                "Labels…",
                "edit the labels: names, colours, keys, training targets",
            ),
            UseLabelsFrom => (
                "Use labels from…",
                "copy the label scheme and guidelines of another project",
            ),
            ToggleGuidelines => ("Guidelines", "show the annotation guidelines"),
            NewProjectFile => (
                "New project file…",
                "start another project file over this corpus (one per annotator)",
            ),
            CompareWith => (
                "Compare with…",
                "compare with other annotators' project files",
            ),
            ToggleComparison => ("Comparison", "show the comparison window"),
            NextDisagreement => ("Next disagreement", "next disagreement"),
            PrevDisagreement => ("Previous disagreement", "previous disagreement"),
            TakeA => (
                "Take the first version",
                "adjudicate: take the first annotator's claim",
            ),
            TakeB => (
                "Take the second version",
                "adjudicate: take the second annotator's claim",
            ),
            TakeBoth => ("Take both", "adjudicate: take both versions"),
            RejectDisagreement => ("Reject", "adjudicate: take neither"),
            MakeAnswerKey => (
                "Make answer key…",
                "mark this project as an answer key: instructions, rubric, handout",
            ),
            GradeStudents => (
                "Grade student files…",
                "grade students' project files against this answer key",
            ),
            PlanStudy => (
                "Plan a study…",
                "split this corpus among annotators, with a share double-annotated",
            ),
            StudyProgress => (
                "Study progress…",
                "how far each annotator of a study is, agreement so far, gather into gold",
            ),
            Find => (
                "Find in article…",
                "find in the article (Enter / Shift+Enter: next / previous)",
            ),
            SearchCorpus => (
                "Search the corpus…",
                "search every article: words and \"exact phrases\", best first",
            ),
            NextSuggestion => (
                "Next suggested evidence",
                "open the next suggested sentence beside the claim, highlighted (then 1, 2, 3 link it)",
            ),
            PrevSuggestion => (
                "Previous suggested evidence",
                "open the previous suggested sentence beside the claim, highlighted",
            ),
            TakeAndEdit => (
                "Take and edit",
                "adjudicate: take the first version and select it to change it",
            ),
        }
    }

    pub fn name(self) -> &'static str {
        self.text().0
    }

    pub fn help(self) -> &'static str {
        self.text().1
    }

    /// Its shortcuts, the first one shown in menus.
    pub fn shortcuts(self) -> Vec<Shortcut> {
        use Command::*;
        match self {
            OpenFolder => vec![cmd(Key::O)],
            OpenProject => vec![cmd_shift(Key::O)],
            Save => vec![cmd(Key::S)],
            SaveAs => vec![cmd_shift(Key::S)],
            Export => vec![cmd(Key::E)],
            Quit => vec![cmd(Key::Q)],
            Undo => vec![cmd(Key::Z)],
            Redo => vec![cmd_shift(Key::Z), cmd(Key::Y)],
            Delete => vec![key(Key::Delete), key(Key::Backspace)],
            EditNote => vec![key(Key::N)],
            ToggleDone => vec![cmd(Key::D)],
            ToggleSplit => vec![cmd(Key::Backslash)],
            NextDoc => vec![key(Key::CloseBracket), cmd(Key::PageDown)],
            PrevDoc => vec![key(Key::OpenBracket), cmd(Key::PageUp)],
            ToggleOverview => vec![cmd(Key::M)],
            FontBigger => vec![cmd(Key::Plus), cmd(Key::Equals)],
            FontSmaller => vec![cmd(Key::Minus)],
            FontReset => vec![cmd(Key::Num0)],
            ToggleHelp => vec![key(Key::F1), key(Key::Questionmark)],
            Confirm => vec![key(Key::Enter)],
            Cancel => vec![key(Key::Escape)],
            NextSentence => vec![key(Key::ArrowDown)],
            PrevSentence => vec![key(Key::ArrowUp)],
            NextClaim => vec![key(Key::Tab)],
            PrevClaim => vec![shift(Key::Tab)],
            EndRight => vec![shift(Key::ArrowRight)],
            EndLeft => vec![shift(Key::ArrowLeft)],
            StartRight => vec![alt_shift(Key::ArrowRight)],
            StartLeft => vec![alt_shift(Key::ArrowLeft)],
            ToggleGuidelines => vec![key(Key::G)],
            NextDisagreement => vec![key(Key::F8)],
            PrevDisagreement => vec![shift(Key::F8)],
            TakeA => vec![alt(Key::A)],
            TakeB => vec![alt(Key::B)],
            TakeBoth => vec![alt(Key::J)],
            RejectDisagreement => vec![alt(Key::X)],
            TakeAndEdit => vec![alt(Key::E)],
            Find => vec![cmd(Key::F)],
            SearchCorpus => vec![cmd_shift(Key::F)],
            NextSuggestion => vec![alt(Key::ArrowDown)],
            PrevSuggestion => vec![alt(Key::ArrowUp)],
            EditLabels => vec![cmd(Key::L)],
            OpenSample | Import | ImportFrom | AddArticles | ToggleDetached | ToggleSkipped
            | ToggleTheme | UseLabelsFrom | NewProjectFile | CompareWith | ToggleComparison
            | MakeAnswerKey | GradeStudents | PlanStudy | StudyProgress => {
                vec![]
            }
        }
    }

    /// The menu's shortcut text: every shortcut, formatted for this platform.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcuts()
            .iter()
            .map(|s| s.format(ctx))
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// Label keys come from the project's label set: a bare key labels, the
/// same key with Shift makes a new claim instead of evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelKey {
    Label(String),
    NewClaim(String),
}

/// Gestures that are not commands, for the help window.
pub const GESTURES: &[(&str, &str)] = &[
    ("drag", "highlight text (snaps to whole words)"),
    ("Alt+drag", "highlight exact characters"),
    ("double-click", "highlight a sentence"),
    ("click", "select a claim (again: the next overlapping one)"),
    ("drag an edge", "resize the selected claim"),
    ("Ctrl+click a document", "open it in the second pane"),
    ("1 2 3 …", "label the highlight (or the selected claim)"),
    (
        "Shift+1 2 3 …",
        "side by side: new claim instead of evidence",
    ),
];

/// The help window's rows in its order (the gestures, then every command
/// that has a key), with keys written as on Linux and Windows (Ctrl, not ⌘):
/// `tests/library/docs.rs` checks `docs/annotating.md` against them, so the page cannot
/// drift from what the keys do.
pub fn help_rows() -> Vec<(String, &'static str)> {
    // A context of its own only to format the keys the same way the window
    // does, with the platform fixed so the page reads the same everywhere.
    let ctx = egui::Context::default();
    ctx.set_os(egui::os::OperatingSystem::Nix);
    let gestures = GESTURES.iter().map(|(k, what)| ((*k).to_owned(), *what));
    let commands = Command::ALL
        .iter()
        .filter(|c| !c.shortcuts().is_empty())
        .map(|c| (c.shortcut_text(&ctx), c.help()));
    gestures.chain(commands).collect()
}

/// Every (shortcut, command) of the table, most specific first.
fn table() -> Vec<(Shortcut, Command)> {
    let mut all: Vec<(Shortcut, Command)> = Command::ALL
        .iter()
        .flat_map(|c| c.shortcuts().into_iter().map(move |s| (s, *c)))
        .collect();
    all.sort_by_key(|(s, _)| std::cmp::Reverse(s.specificity()));
    all
}

/// What the keys of one frame asked for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pressed {
    pub commands: Vec<Command>,
    pub labels: Vec<LabelKey>,
}

/// Where the keyboard is, as matching needs to know it.
#[derive(Clone, Copy, Debug)]
pub struct KeyContext {
    /// A text field has the keyboard: only Ctrl shortcuts are commands.
    pub typing: bool,
    /// A modal asks something first: no commands at all.
    pub blocked: bool,
}

/// Takes the events that are commands out of `events`, in order.
/// `label_keys` are the label set's keys (`'1'`, …) with their label ids.
pub fn take_commands(
    events: &mut Vec<egui::Event>,
    cx: KeyContext,
    label_keys: &[(Key, String)],
) -> Pressed {
    let mut pressed = Pressed::default();
    if cx.blocked {
        return pressed;
    }
    let table = table();
    let mut consumed_text = false;
    events.retain(|event| {
        match event {
            egui::Event::Key {
                key: pressed_key,
                physical_key,
                pressed: true,
                modifiers,
                ..
            } => {
                let (pressed_key, physical_key, modifiers) =
                    (*pressed_key, *physical_key, *modifiers);
                let hit = table.iter().find(|(s, _)| {
                    (!cx.typing || s.works_while_typing())
                        && s.matches(pressed_key, physical_key, modifiers)
                });
                if let Some((s, c)) = hit {
                    pressed.commands.push(*c);
                    // The key's text ("?", "]") must not be typed anywhere either.
                    consumed_text = s.modifiers.is_none() || s.shift_is_part_of_key();
                    return false;
                }
                if !cx.typing {
                    for (k, id) in label_keys {
                        if key(*k).matches(pressed_key, physical_key, modifiers) {
                            pressed.labels.push(LabelKey::Label(id.clone()));
                            consumed_text = true;
                            return false;
                        }
                        if shift(*k).matches(pressed_key, physical_key, modifiers) {
                            pressed.labels.push(LabelKey::NewClaim(id.clone()));
                            consumed_text = true;
                            return false;
                        }
                    }
                }
                consumed_text = false;
                true
            }
            egui::Event::Key { pressed: false, .. } => true,
            egui::Event::Text(_) if consumed_text => {
                consumed_text = false;
                false
            }
            // Layouts where `?` arrives only as text.
            egui::Event::Text(t) if t == "?" && !cx.typing => {
                pressed.commands.push(Command::ToggleHelp);
                false
            }
            _ => true,
        }
    });
    pressed
}

/// The label keys of a label set: single characters that name an egui key.
pub fn label_keys(labels: &[crate::project::Label]) -> Vec<(Key, String)> {
    labels
        .iter()
        .filter_map(|l| Some((Key::from_name(&l.key?.to_string())?, l.id.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen: HashMap<Shortcut, Command> = HashMap::new();
        for c in Command::ALL {
            for s in c.shortcuts() {
                if let Some(other) = seen.insert(s, c) {
                    panic!("{s:?} is both {other:?} and {c:?}");
                }
            }
        }
    }

    #[test]
    fn table_lists_every_command_once() {
        let mut names: Vec<_> = Command::ALL.iter().map(|c| format!("{c:?}")).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Command::ALL.len());
    }

    #[test]
    fn bare_command_keys_are_reserved_from_labels() {
        // The project refuses these as label keys; it must know every one.
        for c in Command::ALL {
            for s in c.shortcuts() {
                // Arrows name themselves with symbols (⏷) no label key types.
                let name = s.key.symbol_or_name();
                let single = name.chars().count() == 1 && name.is_ascii();
                if s.modifiers.is_none() && single {
                    let ch = name.chars().next().unwrap();
                    assert!(
                        crate::project::schemes::RESERVED_KEYS.contains(&ch.to_ascii_lowercase()),
                        "{c:?} uses {ch:?}, which labels may still take"
                    );
                }
            }
        }
    }

    #[test]
    fn label_keys_are_free() {
        // Digits belong to labels, bare and with Shift.
        for c in Command::ALL {
            for s in c.shortcuts() {
                let digit = s.key.name().as_bytes()[0].is_ascii_digit() && s.key.name().len() == 1;
                assert!(
                    !digit || s.modifiers.command,
                    "{c:?} takes a label key {s:?}"
                );
            }
        }
    }

    fn press(key: Key, modifiers: Modifiers) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    fn commands(events: Vec<egui::Event>) -> Vec<Command> {
        let mut events = events;
        let cx = KeyContext {
            typing: false,
            blocked: false,
        };
        take_commands(&mut events, cx, &[]).commands
    }

    #[test]
    fn modifiers_match_exactly() {
        let shift_alt = Modifiers::SHIFT | Modifiers::ALT;
        assert_eq!(
            commands(vec![press(Key::ArrowRight, shift_alt)]),
            vec![Command::StartRight]
        );
        assert_eq!(
            commands(vec![press(Key::ArrowRight, Modifiers::SHIFT)]),
            vec![Command::EndRight]
        );
        assert_eq!(
            commands(vec![press(Key::Tab, Modifiers::SHIFT)]),
            vec![Command::PrevClaim]
        );
        assert_eq!(
            commands(vec![press(Key::Tab, Modifiers::NONE)]),
            vec![Command::NextClaim]
        );
        let ctrl_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        assert_eq!(
            commands(vec![press(Key::O, ctrl_shift)]),
            vec![Command::OpenProject]
        );
        assert_eq!(
            commands(vec![press(Key::Z, ctrl_shift)]),
            vec![Command::Redo]
        );
        assert_eq!(
            commands(vec![press(Key::Z, Modifiers::COMMAND)]),
            vec![Command::Undo]
        );
        // Ctrl+Alt+S is nothing, not Save.
        assert!(commands(vec![press(Key::S, Modifiers::COMMAND | Modifiers::ALT)]).is_empty());
        // Ctrl+Tab is not Tab.
        assert!(commands(vec![press(Key::Tab, Modifiers::COMMAND)]).is_empty());
    }

    #[test]
    fn shifted_digits_match_by_physical_key() {
        let mut events = vec![
            egui::Event::Key {
                key: Key::Exclamationmark,
                physical_key: Some(Key::Num1),
                pressed: true,
                repeat: false,
                modifiers: Modifiers::SHIFT,
            },
            egui::Event::Text("!".into()),
        ];
        let cx = KeyContext {
            typing: false,
            blocked: false,
        };
        let labels = [(Key::Num1, "agrees".to_string())];
        let pressed = take_commands(&mut events, cx, &labels);
        assert_eq!(pressed.labels, vec![LabelKey::NewClaim("agrees".into())]);
        assert!(events.is_empty(), "the key and its text are consumed");
    }

    #[test]
    fn typing_keeps_bare_keys_for_the_field() {
        let mut events = vec![
            press(Key::N, Modifiers::NONE),
            egui::Event::Text("n".into()),
            press(Key::Tab, Modifiers::NONE),
            press(Key::S, Modifiers::COMMAND),
        ];
        let cx = KeyContext {
            typing: true,
            blocked: false,
        };
        let pressed = take_commands(&mut events, cx, &[(Key::Num1, "a".into())]);
        assert_eq!(pressed.commands, vec![Command::Save]);
        assert_eq!(events.len(), 3);
    }

    #[test]
    fn question_mark_opens_help_with_or_without_shift() {
        assert_eq!(
            commands(vec![press(Key::Questionmark, Modifiers::SHIFT)]),
            vec![Command::ToggleHelp]
        );
        assert_eq!(
            commands(vec![press(
                Key::Plus,
                Modifiers::COMMAND | Modifiers::SHIFT
            )]),
            vec![Command::FontBigger]
        );
    }
}
