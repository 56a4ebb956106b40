//! What a label must be, whatever adds it (the labels window, a template,
//! an edit, a project file read from disk).

use super::model::{FEVER_TARGETS, Label, NLI_TARGETS};

/// Bare keys the window itself uses (note, guidelines, previous / next
/// document, help):
/// a label cannot take them. `command.rs` has a test that keeps this list in
/// step with its table.
pub const RESERVED_KEYS: &[char] = &['n', 'N', 'g', 'G', '[', ']', '?'];

fn is_hex_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// What a label must be, whatever adds it: `Err` says why not, for a person.
pub fn check_label(label: &Label) -> Result<(), String> {
    // Exports turn odd ids into safe type names themselves; an id only has
    // to be something a person can type and see.
    let id_ok = !label.id.trim().is_empty()
        && label.id.trim() == label.id
        && !label.id.chars().any(char::is_control);
    if !id_ok {
        return Err(format!(
            "the label id {:?} must not be empty or start or end with a space",
            label.id
        ));
    }
    if label.name.trim().is_empty() {
        return Err(format!("the label {:?} needs a name", label.id));
    }
    if !is_hex_colour(&label.color) {
        return Err(format!(
            "the colour {:?} of {:?} is not #rrggbb",
            label.color, label.id
        ));
    }
    if let Some(key) = label.key {
        if RESERVED_KEYS.contains(&key) {
            return Err(format!(
                "the key {key:?} is a command of the window; pick another for {:?}",
                label.id
            ));
        }
        if key.is_whitespace() || key.is_control() {
            return Err(format!("{:?} cannot be a label key", key));
        }
    }
    if let Some(f) = &label.fever
        && !f.is_empty()
        && !FEVER_TARGETS.contains(&f.as_str())
    {
        return Err(format!(
            "{f:?} is not a FEVER label (one of {})",
            FEVER_TARGETS.join(", ")
        ));
    }
    if let Some(n) = &label.nli
        && !n.is_empty()
        && !NLI_TARGETS.contains(&n.as_str())
    {
        return Err(format!(
            "{n:?} is not an NLI label (one of {})",
            NLI_TARGETS.join(", ")
        ));
    }
    Ok(())
}
