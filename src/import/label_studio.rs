//! Label Studio's JSON export: a list of tasks, each
//! `{"data": {"text": ...}, "annotations": [{"completed_by", "result": [...]}],
//! "predictions": [{"model_version", "result": [...]}]}`. Results of type
//! `labels` (`value.start`, `value.end`, `value.text`, `value.labels`) are
//! regions; `relation` results (`from_id`, `to_id`, `labels`) link them.
//! A region's note is its `meta.text` or a per-region `textarea` result.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::draft::{Ctx, Draft, DraftEvidence, Kind, Matched, doc_name, kind_of, proves_utf16};
use super::plan::Source;
use crate::project::Span;

pub(super) fn read(ctx: &mut Ctx, source: &Source) {
    let mut skipped = Skipped::default();
    for file in &source.files {
        let text = match file.text() {
            Ok(t) => t,
            Err(p) => {
                ctx.problem(&p.file, None, p.reason);
                continue;
            }
        };
        let tasks: Vec<Value> = match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(tasks)) => tasks,
            Ok(Value::Object(task)) => vec![Value::Object(task)],
            Ok(_) => {
                ctx.problem(
                    &file.rel,
                    None,
                    "not a Label Studio export (a JSON list of tasks)",
                );
                continue;
            }
            Err(e) => {
                ctx.problem(&file.rel, Some(e.line()), format!("not valid JSON: {e}"));
                continue;
            }
        };
        let lines = element_lines(text);
        for (i, task) in tasks.iter().enumerate() {
            let line = lines.get(i).copied();
            if let Err(reason) = read_task(ctx, &file.rel, i, task, &mut skipped) {
                let id = task
                    .get("id")
                    .map(|v| format!(" (id {v})"))
                    .unwrap_or_default();
                ctx.problem(&file.rel, line, format!("task {}{id}: {reason}", i + 1));
            }
        }
    }
    if skipped.cancelled > 0 {
        ctx.notes.push(format!(
            "{} cancelled (skipped) annotations were left out",
            skipped.cancelled
        ));
    }
    if skipped.predictions > 0 {
        ctx.notes.push(format!(
            "{} predictions were left out; import them with --predictions",
            skipped.predictions
        ));
    }
    if skipped.unlinked > 0 {
        ctx.notes.push(format!(
            "{} evidence regions were left out: no relation links them to a claim",
            skipped.unlinked
        ));
    }
    if skipped.other > 0 {
        ctx.notes.push(format!(
            "{} results of other types (choices, ratings, …) were left out: only labelled spans and relations are claims",
            skipped.other
        ));
    }
}

#[derive(Default)]
struct Skipped {
    cancelled: usize,
    predictions: usize,
    other: usize,
    unlinked: usize,
}

/// The line (from 1) on which each element of a top-level JSON list
/// starts, so a bad task is named by its line as well as its number.
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut depth, mut line) = (0usize, 1);
    let (mut in_string, mut escaped, mut expect) = (false, false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if expect && !c.is_whitespace() && c != ']' {
            lines.push(line);
            expect = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth == 1 && c == '[' {
                    expect = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expect = true,
            _ => {}
        }
    }
    lines
}

/// Who made an annotation: Label Studio writes a user id, or in older
/// versions a user object.
fn annotator_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Number(n) => Some(format!("user-{n}")),
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Object(user) => ["email", "username"]
            .iter()
            .find_map(|k| {
                user.get(*k)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
            })
            .map(str::to_owned)
            .or_else(|| user.get("id").map(|id| format!("user-{id}"))),
        _ => None,
    }
}

fn read_task(
    ctx: &mut Ctx,
    file: &str,
    index: usize,
    task: &Value,
    skipped: &mut Skipped,
) -> Result<(), String> {
    let data = task
        .get("data")
        .and_then(Value::as_object)
        .ok_or("no \"data\" object")?;
    let text = data
        .get("text")
        .and_then(Value::as_str)
        .ok_or("no data.text (a task's text must be in the export, not a URL to it)")?;
    let empty = Vec::new();
    let list = |key: &str| task.get(key).and_then(Value::as_array).unwrap_or(&empty);
    let annotations = list("annotations");
    let predictions = list("predictions");
    let mut sets: Vec<(String, &Vec<Value>)> = Vec::new();
    for (i, a) in annotations.iter().enumerate() {
        if a.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
            skipped.cancelled += 1;
            continue;
        }
        let annotator = annotator_of(a.get("completed_by"))
            .unwrap_or_else(|| ctx.options.annotator().to_owned());
        let result = a
            .get("result")
            .and_then(Value::as_array)
            .ok_or(format!("annotation {} has no result list", i + 1))?;
        sets.push((annotator, result));
    }
    for (i, p) in predictions.iter().enumerate() {
        if !ctx.options.predictions {
            skipped.predictions += 1;
            continue;
        }
        let annotator = p
            .get("model_version")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map_or_else(|| "prediction".to_owned(), |m| format!("model {m}"));
        let result = p
            .get("result")
            .and_then(Value::as_array)
            .ok_or(format!("prediction {} has no result list", i + 1))?;
        sets.push((annotator, result));
    }
    if sets.is_empty() {
        return Ok(());
    }
    let fallback = format!(
        "imported/{}-{}.txt",
        file.trim_end_matches(".json").replace('/', "-"),
        task.get("id").map_or_else(
            || (index + 1).to_string(),
            |v| v.to_string().replace('"', "")
        )
    );
    let matched = ctx.match_text(doc_name(data).as_deref(), text, &fallback)?;
    for (annotator, result) in sets {
        read_result(ctx, &matched, text, file, &annotator, result, skipped)?;
    }
    Ok(())
}

struct Region {
    span: Span,
    kinds: Vec<Kind>,
    drafts: Vec<usize>,
}

fn read_result(
    ctx: &mut Ctx,
    matched: &Matched,
    text: &str,
    file: &str,
    annotator: &str,
    result: &[Value],
    skipped: &mut Skipped,
) -> Result<(), String> {
    let value_of = |r: &Value| r.get("value").and_then(Value::as_object).cloned();
    let offset = |v: &Map<String, Value>, k: &str| {
        v.get(k)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    // One front end's offsets for the whole annotation: a region that ends
    // past the text in code points proves UTF-16 for the regions without
    // their text as well.
    let ends: Vec<usize> = result
        .iter()
        .filter_map(|r| value_of(r).and_then(|v| offset(&v, "end")))
        .collect();
    let utf16 = proves_utf16(text, ends);
    let mut regions: HashMap<String, Region> = HashMap::new();
    let mut notes: HashMap<String, String> = HashMap::new();
    let mut relations = Vec::new();
    for (i, r) in result.iter().enumerate() {
        let which = format!("result {}", i + 1);
        let id = r.get("id").map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        match r.get("type").and_then(Value::as_str) {
            Some("labels" | "hypertextlabels") => {
                let v = value_of(r).ok_or(format!("{which} has no value"))?;
                let (Some(start), Some(end)) = (offset(&v, "start"), offset(&v, "end")) else {
                    return Err(format!("{which} has no value.start and value.end"));
                };
                let labels: Vec<String> = v
                    .get("labels")
                    .and_then(Value::as_array)
                    .map(|l| {
                        l.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                if labels.is_empty() {
                    return Err(format!("{which} has no value.labels"));
                }
                let quote = v.get("text").and_then(Value::as_str);
                let place = format!("{file} {which}");
                let span = ctx
                    .span(matched, text, (start, end), quote, utf16, &place)
                    .map_err(|e| format!("{which}: {e}"))?;
                if let Some(meta) = r
                    .get("meta")
                    .and_then(|m| m.get("text"))
                    .and_then(Value::as_array)
                {
                    let note: Vec<&str> = meta.iter().filter_map(Value::as_str).collect();
                    if let Some(id) = &id
                        && !note.is_empty()
                    {
                        notes.insert(id.clone(), note.join("\n"));
                    }
                }
                let key = id.unwrap_or_else(|| format!("#{i}"));
                regions
                    .entry(key)
                    .or_insert_with(|| Region {
                        span,
                        kinds: Vec::new(),
                        drafts: Vec::new(),
                    })
                    .kinds
                    .extend(labels.iter().map(|l| kind_of(l)));
            }
            Some("relation") => relations.push((which, r)),
            // A per-region text area: the region's note.
            Some("textarea") if id.is_some() => {
                let texts: Vec<String> = value_of(r)
                    .and_then(|v| v.get("text").and_then(Value::as_array).cloned())
                    .map(|t| {
                        t.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                if let Some(id) = id {
                    notes.entry(id).or_default().push_str(&texts.join("\n"));
                }
            }
            _ => skipped.other += 1,
        }
    }
    let mut keys: Vec<&String> = regions.keys().collect();
    keys.sort_by_key(|k| {
        let r = &regions[*k];
        (r.span.start, r.span.end)
    });
    let keys: Vec<String> = keys.into_iter().cloned().collect();
    for key in &keys {
        let note = notes.get(key).cloned().unwrap_or_default();
        let Some(region) = regions.get_mut(key) else {
            continue;
        };
        for kind in &region.kinds {
            if let Kind::Claim(label) = kind {
                region.drafts.push(ctx.drafts.len());
                ctx.drafts.push(Draft {
                    span: region.span.clone(),
                    label: label.clone(),
                    note: note.clone(),
                    annotator: annotator.to_owned(),
                    id: None,
                    evidence: Vec::new(),
                });
            }
        }
    }
    let mut linked = std::collections::HashSet::new();
    for (which, r) in relations {
        let id = |k: &str| {
            r.get(k).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        let (Some(mut from), Some(mut to)) = (id("from_id"), id("to_id")) else {
            return Err(format!("{which}: a relation needs from_id and to_id"));
        };
        if r.get("direction").and_then(Value::as_str) == Some("left") {
            std::mem::swap(&mut from, &mut to);
        }
        let (Some(source), Some(target)) = (regions.get(&from), regions.get(&to)) else {
            return Err(format!(
                "{which}: relates {from} and {to}, which are not both labelled spans of this annotation"
            ));
        };
        // Drawn from the evidence to the claim: the claim is still the claim.
        let (source, target) = if source.drafts.is_empty() && !target.drafts.is_empty() {
            (target, source)
        } else {
            (source, target)
        };
        if source.drafts.is_empty() {
            return Err(format!("{which}: neither {from} nor {to} is a claim"));
        }
        let mut relations: Vec<String> = r
            .get("labels")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if relations.is_empty() {
            relations = target
                .kinds
                .iter()
                .filter_map(|k| match k {
                    Kind::Evidence(Some(r)) => Some(r.clone()),
                    _ => None,
                })
                .collect();
        }
        if relations.is_empty() {
            return Err(format!(
                "{which}: the relation has no label and its target is not an Evidence_<relation> span, so there is no relation to give it"
            ));
        }
        let drafts = source.drafts.clone();
        let span = target.span.clone();
        linked.insert(if std::ptr::eq(target, &regions[&to]) {
            to.clone()
        } else {
            from.clone()
        });
        for d in drafts {
            for relation in &relations {
                ctx.drafts[d].evidence.push(DraftEvidence {
                    span: span.clone(),
                    relation: relation.clone(),
                    annotator: annotator.to_owned(),
                });
            }
        }
    }
    skipped.unlinked += regions
        .iter()
        .filter(|(k, r)| r.drafts.is_empty() && !linked.contains(*k))
        .count();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_are_found_by_line() {
        let text = "[\n  {\"a\": \"x, ]\"},\n  {\"b\": [1, 2]}\n,{}]";
        assert_eq!(element_lines(text), vec![2, 3, 4]);
        assert_eq!(element_lines("[]"), Vec::<usize>::new());
    }
}
