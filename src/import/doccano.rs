//! doccano JSON Lines, one text a line: `{"text", "label": [[start, end,
//! type], ...]}` (sequence labelling) or `{"text", "entities": [{"id",
//! "label", "start_offset", "end_offset"}], "relations": [{"from_id",
//! "to_id", "type"}]}` (the relation-extraction export). Other columns (`id`,
//! `Comments`, metadata) are allowed; a `doc`/`filename` column names the
//! corpus document, otherwise the text finds it.
//!
//! A folder is doccano's unzipped export: one file per annotator, whose name
//! (without `.jsonl`) is the annotator.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::draft::{Ctx, Draft, DraftEvidence, Kind, doc_name, kind_of, proves_utf16};
use super::plan::Source;

struct Entity {
    key: Option<String>,
    start: usize,
    end: usize,
    label: String,
}

pub(super) fn read(ctx: &mut Ctx, source: &Source) {
    let mut unlinked = 0;
    let mut comments = 0;
    for file in &source.files {
        let text = match file.text() {
            Ok(t) => t,
            Err(p) => {
                ctx.problem(&p.file, None, p.reason);
                continue;
            }
        };
        let annotator = if source.folder && ctx.options.annotator.is_none() {
            file.rel
                .rsplit('/')
                .next()
                .unwrap_or(&file.rel)
                .trim_end_matches(".jsonl")
                .to_owned()
        } else {
            ctx.options.annotator().to_owned()
        };
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let number = index + 1;
            match read_line(ctx, &file.rel, number, line, &annotator) {
                Ok((u, c)) => {
                    unlinked += u;
                    comments += c;
                }
                Err(reason) => ctx.problem(&file.rel, Some(number), reason),
            }
        }
    }
    if unlinked > 0 {
        ctx.notes.push(format!(
            "{unlinked} evidence spans were left out: doccano's label lists do not say which claim they belong to (the relation export, with \"relations\", does)"
        ));
    }
    if comments > 0 {
        ctx.notes.push(format!(
            "{comments} doccano comments were left out: they belong to a whole text, not to a span"
        ));
    }
}

/// (evidence spans without a claim, comments) of one line.
fn read_line(
    ctx: &mut Ctx,
    file: &str,
    number: usize,
    line: &str,
    default_annotator: &str,
) -> Result<(usize, usize), String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let Value::Object(row) = value else {
        return Err("not a JSON object".into());
    };
    let text = row
        .get("text")
        .and_then(Value::as_str)
        .ok_or("no \"text\" column")?;
    let entities = entities(&row)?;
    let annotator = row
        .get("annotator")
        .or_else(|| row.get("user"))
        .and_then(|v| match v {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(format!("user-{n}")),
            _ => None,
        })
        .unwrap_or_else(|| default_annotator.to_owned());
    let comments = match row.get("Comments").or_else(|| row.get("comments")) {
        Some(Value::Array(c)) => c.len(),
        _ => 0,
    };
    let name = doc_name(&row);
    let fallback = format!(
        "imported/{}-{number}.txt",
        file.trim_end_matches(".jsonl").replace('/', "-")
    );
    let matched = ctx.match_text(name.as_deref(), text, &fallback)?;
    let utf16 = proves_utf16(text, entities.iter().map(|e| e.end));
    let place = format!("{file} line {number}");
    let mut claims: HashMap<String, Vec<usize>> = HashMap::new();
    let mut evidence: HashMap<String, (crate::project::Span, Option<String>)> = HashMap::new();
    let mut unlinked = 0;
    for entity in &entities {
        let span = ctx.span(
            &matched,
            text,
            (entity.start, entity.end),
            None,
            utf16,
            &place,
        )?;
        match kind_of(&entity.label) {
            Kind::Claim(label) => {
                if let Some(key) = &entity.key {
                    claims
                        .entry(key.clone())
                        .or_default()
                        .push(ctx.drafts.len());
                }
                ctx.drafts.push(Draft {
                    span,
                    label,
                    note: String::new(),
                    annotator: annotator.clone(),
                    id: None,
                    evidence: Vec::new(),
                });
            }
            Kind::Evidence(relation) => match &entity.key {
                Some(key) => {
                    evidence.insert(key.clone(), (span, relation));
                }
                None => unlinked += 1,
            },
        }
    }
    let mut linked = std::collections::HashSet::new();
    if let Some(relations) = row.get("relations") {
        let Value::Array(relations) = relations else {
            return Err("\"relations\" is not a list".into());
        };
        for (i, rel) in relations.iter().enumerate() {
            let which = format!("relation {}", i + 1);
            let from = rel
                .get("from_id")
                .map(id_text)
                .ok_or(format!("{which}: no from_id"))?;
            let to = rel
                .get("to_id")
                .map(id_text)
                .ok_or(format!("{which}: no to_id"))?;
            let kind = rel
                .get("type")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty());
            let Some(from_claims) = claims.get(&from) else {
                return Err(format!(
                    "{which}: from_id {from} is not a claim span of this line"
                ));
            };
            let (span, relation) = match (evidence.get(&to), claims.get(&to)) {
                (Some((span, own)), _) => (span.clone(), kind.map(str::to_owned).or(own.clone())),
                (None, Some(targets)) => {
                    (ctx.drafts[targets[0]].span.clone(), kind.map(str::to_owned))
                }
                (None, None) => {
                    return Err(format!("{which}: to_id {to} is not a span of this line"));
                }
            };
            let relation = relation.ok_or(format!(
                "{which}: no type, and {to} is not an Evidence_<relation> span"
            ))?;
            linked.insert(to.clone());
            for &d in from_claims {
                ctx.drafts[d].evidence.push(DraftEvidence {
                    span: span.clone(),
                    relation: relation.clone(),
                    annotator: annotator.clone(),
                });
            }
        }
    }
    unlinked += evidence.keys().filter(|k| !linked.contains(*k)).count();
    Ok((unlinked, comments))
}

fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn entities(row: &Map<String, Value>) -> Result<Vec<Entity>, String> {
    let offset = |v: Option<&Value>, what: &str| -> Result<usize, String> {
        v.and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or(format!("{what} is not a whole number"))
    };
    if let Some(list) = row.get("entities") {
        let Value::Array(list) = list else {
            return Err("\"entities\" is not a list".into());
        };
        return list
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let which = format!("entity {}", i + 1);
                Ok(Entity {
                    key: e.get("id").map(id_text),
                    start: offset(e.get("start_offset"), &format!("{which} start_offset"))?,
                    end: offset(e.get("end_offset"), &format!("{which} end_offset"))?,
                    label: e
                        .get("label")
                        .and_then(Value::as_str)
                        .filter(|l| !l.is_empty())
                        .ok_or(format!("{which} has no label"))?
                        .to_owned(),
                })
            })
            .collect();
    }
    let list = match row.get("label").or_else(|| row.get("labels")) {
        None => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err("\"label\" is not a list of [start, end, label]".into()),
    };
    list.iter()
        .enumerate()
        .map(|(i, triple)| {
            let which = format!("label {}", i + 1);
            let Some([s, e, l]) = triple.as_array().map(Vec::as_slice) else {
                return Err(format!("{which} is not [start, end, label]"));
            };
            Ok(Entity {
                key: None,
                start: offset(Some(s), &format!("{which} start"))?,
                end: offset(Some(e), &format!("{which} end"))?,
                label: l
                    .as_str()
                    .filter(|l| !l.is_empty())
                    .ok_or(format!("{which} has no label"))?
                    .to_owned(),
            })
        })
        .collect()
}
