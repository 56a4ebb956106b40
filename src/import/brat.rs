//! brat standoff folders: `<name>.txt` and `<name>.ann` per document (in any
//! subfolder), `annotation.conf` and `visual.conf`.
//!
//! `T` entities become claims (or evidence, for crosscheck's own
//! `Evidence_<relation>` type), `R` relations evidence links, and
//! `AnnotatorNotes` notes. crosscheck's brat export writes, in a claim's
//! note, `claim <id>`, `note: <note>` and `<relation> evidence in <doc>
//! [<start>:<end>]` for links across documents; those are read back into the
//! claim id, its note and its links.

use std::collections::{HashMap, HashSet};

use super::draft::{Ctx, Declared, Draft, DraftEvidence, Kind, Matched, kind_of, shorten};
use super::plan::{Source, SourceFile};
use crate::corpus::decode;
use crate::export::brat::{base_names, is_line_break};
use crate::export::type_name;
use crate::project::Span;

struct Entity {
    file: usize,
    line: usize,
    span: Span,
    kind: Kind,
    notes: Vec<String>,
}

struct Relation {
    file: usize,
    line: usize,
    kind: String,
    arg1: String,
    arg2: String,
}

pub(super) fn read(ctx: &mut Ctx, source: &Source) {
    let mut txts: HashMap<&str, &SourceFile> = HashMap::new();
    let mut anns = Vec::new();
    for file in &source.files {
        let lower = file.rel.to_ascii_lowercase();
        if lower.ends_with(".ann") {
            anns.push(file);
        } else if lower.ends_with(".txt") {
            txts.insert(&file.rel, file);
        } else if file.rel == "annotation.conf" || file.rel.ends_with("/annotation.conf") {
            read_annotation_conf(&mut ctx.declared, &lossy(&file.bytes));
        }
    }
    // visual.conf after annotation.conf, so names and colours find labels.
    for file in &source.files {
        if file.rel == "visual.conf" || file.rel.ends_with("/visual.conf") {
            read_visual_conf(&mut ctx.declared, &lossy(&file.bytes));
        }
    }
    if anns.is_empty() {
        ctx.problem(".", None, "no .ann files in this folder");
        return;
    }
    // The names crosscheck's brat export gives each corpus document, so an
    // export (`c.md` written as `c.md.txt`) finds its documents again.
    let names: HashMap<String, String> = base_names(ctx.corpus)
        .map(|names| {
            names
                .into_iter()
                .zip(ctx.corpus.documents.iter())
                .map(|(name, doc)| (name, doc.id.clone()))
                .collect()
        })
        .unwrap_or_default();

    let mut entities: HashMap<(usize, String), Entity> = HashMap::new();
    let mut order: Vec<(usize, String)> = Vec::new();
    let mut relations = Vec::new();
    let mut notes: Vec<(usize, usize, String, String)> = Vec::new();
    let mut ignored = 0;
    let mut joined = 0;
    let mut used_txt = HashSet::new();
    for (f, ann) in anns.iter().enumerate() {
        let stem = &ann.rel[..ann.rel.len() - 4];
        let txt_rel = format!("{stem}.txt");
        let Some(txt) = txts.get(txt_rel.as_str()) else {
            ctx.problem(&ann.rel, None, format!("no {txt_rel} beside it"));
            continue;
        };
        used_txt.insert(txt_rel.clone());
        let text = match decode(&txt.bytes) {
            Ok(d) => d.text,
            Err(reason) => {
                ctx.problem(&txt_rel, None, format!("cannot be read: {reason}"));
                continue;
            }
        };
        let name = names.get(stem).cloned().unwrap_or_else(|| txt_rel.clone());
        let matched = match ctx.match_text(Some(&name), &text, &txt_rel) {
            Ok(m) => m,
            Err(reason) => {
                ctx.problem(&txt_rel, None, reason);
                continue;
            }
        };
        let ann_text = match ann.text() {
            Ok(t) => t.to_owned(),
            Err(p) => {
                ctx.problem(&p.file, None, p.reason);
                continue;
            }
        };
        // brat reads .ann files with Python's splitlines; so does this.
        for (i, line) in ann_text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let number = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.splitn(3, '\t').collect();
            let id = fields[0];
            let result = match id.chars().next() {
                Some('T') => entity(ctx, &matched, &text, &fields, &ann.rel, number, &mut joined)
                    .and_then(|(span, kind)| match entities.entry((f, id.to_owned())) {
                        std::collections::hash_map::Entry::Occupied(_) => {
                            Err(format!("{id} is defined twice"))
                        }
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            order.push(slot.key().clone());
                            slot.insert(Entity {
                                file: f,
                                line: number,
                                span,
                                kind,
                                notes: Vec::new(),
                            });
                            Ok(())
                        }
                    }),
                Some('R') => relation(&fields).map(|(kind, arg1, arg2)| {
                    relations.push(Relation {
                        file: f,
                        line: number,
                        kind,
                        arg1,
                        arg2,
                    });
                }),
                Some('#') => match (fields.get(1), fields.get(2)) {
                    (Some(head), Some(note)) => match head.split_once(' ') {
                        Some(("AnnotatorNotes", target)) => {
                            notes.push((f, number, target.trim().to_owned(), (*note).to_owned()));
                            Ok(())
                        }
                        _ => {
                            ignored += 1;
                            Ok(())
                        }
                    },
                    _ => Err("a note line needs `#N<TAB>AnnotatorNotes T1<TAB>text`".into()),
                },
                Some('A' | 'M' | 'E' | 'N' | '*') => {
                    ignored += 1;
                    Ok(())
                }
                _ => Err(format!(
                    "not a brat annotation line: {:?}",
                    shorten(line, 40)
                )),
            };
            if let Err(reason) = result {
                ctx.problem(&ann.rel, Some(number), reason);
            }
        }
    }
    for (f, number, target, note) in notes {
        match entities.get_mut(&(f, target.clone())) {
            Some(e) => e.notes.push(note),
            // Notes on relations or events have nowhere to go in crosscheck.
            None if target.starts_with('T') => {
                ctx.problem(
                    &anns[f].rel,
                    Some(number),
                    format!("note on {target}, which is not defined"),
                );
            }
            None => ignored += 1,
        }
    }
    if ctx.options.write_documents {
        for (rel, txt) in &txts {
            if used_txt.contains(*rel) {
                continue;
            }
            if let Ok(d) = decode(&txt.bytes)
                && let Err(reason) = ctx.match_text(None, &d.text, rel)
            {
                ctx.problem(rel, None, reason);
            }
        }
    }
    if ctx.failed() {
        return;
    }
    if joined > 0 {
        ctx.notes.push(format!(
            "{joined} discontinuous entities were each taken as one span from their first to their last fragment"
        ));
    }
    if ignored > 0 {
        ctx.notes.push(format!(
            "{ignored} attribute, event, normalization and other lines were left out: crosscheck has nothing to hold them"
        ));
    }
    build(ctx, &anns, &order, &entities, &relations);
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One `T` line: its span (first to last fragment) and kind.
fn entity(
    ctx: &mut Ctx,
    matched: &Matched,
    text: &str,
    fields: &[&str],
    file: &str,
    number: usize,
    joined: &mut usize,
) -> Result<(Span, Kind), String> {
    let [id, head, quote] = fields else {
        return Err("an entity line needs `T1<TAB>type start end<TAB>text`".into());
    };
    let (kind, offsets) = head
        .split_once(' ')
        .ok_or("an entity needs a type and offsets")?;
    let mut fragments = Vec::new();
    for fragment in offsets.split(';') {
        let (s, e) = fragment
            .trim()
            .split_once(' ')
            .and_then(|(s, e)| Some((s.parse::<usize>().ok()?, e.parse::<usize>().ok()?)))
            .ok_or(format!(
                "{id}: offsets {offsets:?} are not `start end[;start end]`"
            ))?;
        if s > e {
            return Err(format!("{id}: fragment {s} {e} ends before it starts"));
        }
        fragments.push((s, e));
    }
    let chars: Vec<char> = text.chars().collect();
    let piece =
        |s: usize, e: usize| -> Option<String> { chars.get(s..e).map(|c| c.iter().collect()) };
    let mut found = Vec::new();
    for &(s, e) in &fragments {
        found.push(piece(s, e).ok_or(format!(
            "{id}: {s}..{e} is past the end of the text ({} code points)",
            chars.len()
        ))?);
    }
    let found = found.join(" ");
    if found != *quote {
        return Err(format!(
            "{id}: the text at {offsets} is {:?}, not {:?} (brat offsets are code points of the .txt)",
            shorten(&found, 60),
            shorten(quote, 60)
        ));
    }
    let (start, end) = (fragments[0].0, fragments[fragments.len() - 1].1);
    // crosscheck's export splits a span at line breaks; gaps of nothing but
    // line breaks are that split undone, not a guess.
    let gaps_are_breaks = fragments.windows(2).all(|w| {
        chars
            .get(w[0].1..w[1].0)
            .is_some_and(|gap| gap.iter().all(|&c| is_line_break(c)))
    });
    if !gaps_are_breaks {
        *joined += 1;
        ctx.notes.push(format!(
            "{file} line {number}: {id} has fragments {offsets}; taken as one span {start}..{end}"
        ));
    }
    let span = ctx.span(matched, text, (start, end), None, false, file)?;
    Ok((span, kind_of(kind)))
}

fn relation(fields: &[&str]) -> Result<(String, String, String), String> {
    let head = fields
        .get(1)
        .ok_or("a relation line needs `R1<TAB>type Arg1:T1 Arg2:T2`")?;
    let mut parts = head.split_whitespace();
    let kind = parts.next().ok_or("a relation needs a type")?.to_owned();
    let mut args = parts.filter_map(|p| p.split_once(':').map(|(_, t)| t.to_owned()));
    match (args.next(), args.next()) {
        (Some(a), Some(b)) => Ok((kind, a, b)),
        _ => Err(format!("relation {kind} needs two arguments")),
    }
}

/// A claim's part of a crosscheck note: `claim <id>[; note: <note>][; <rel>
/// evidence in <doc> [<s>:<e>]]...`.
struct OwnNote {
    id: String,
    note: String,
    links: Vec<(String, String, usize, usize)>,
}

fn parse_link(text: &str) -> Option<(String, String, usize, usize)> {
    let (relation, rest) = text.split_once(" evidence in ")?;
    let (doc, range) = rest.rsplit_once(" [")?;
    let (s, e) = range.strip_suffix(']')?.split_once(':')?;
    Some((
        relation.to_owned(),
        doc.to_owned(),
        s.parse().ok()?,
        e.parse().ok()?,
    ))
}

fn parse_own(piece: &str) -> Option<OwnNote> {
    let rest = piece.strip_prefix("claim ")?;
    let (id, mut rest) = match rest.split_once("; ") {
        Some((id, rest)) => (id, rest.to_owned()),
        None => (rest, String::new()),
    };
    if id.is_empty() || id.contains(char::is_whitespace) {
        return None;
    }
    let mut links = Vec::new();
    // Links come last; peel them off the end, so a note containing "; "
    // stays whole.
    loop {
        let found = rest.match_indices("; ").map(|(i, _)| i).collect::<Vec<_>>();
        let tail = found
            .iter()
            .rev()
            .find_map(|&i| parse_link(&rest[i + 2..]).map(|l| (i, l)))
            .or_else(|| parse_link(&rest).map(|l| (0, l)));
        match tail {
            Some((i, link)) => {
                links.push(link);
                rest.truncate(i);
                if i == 0 {
                    break;
                }
            }
            None => break,
        }
    }
    links.reverse();
    let note = rest.strip_prefix("note: ").unwrap_or(&rest).to_owned();
    Some(OwnNote {
        id: id.to_owned(),
        note,
        links,
    })
}

/// The claims on one entity from its notes: one per crosscheck `claim <id>`
/// piece (the export joins several with ` | `), else one with the notes as
/// its note.
fn claims_of(notes: &[String]) -> Vec<OwnNote> {
    let mut own = Vec::new();
    let mut free: Vec<String> = Vec::new();
    for note in notes {
        let mut current: Option<String> = None;
        for piece in note.split(" | ") {
            if piece.starts_with("claim ") && parse_own(piece).is_some() {
                if let Some(c) = current.take() {
                    own.push(c);
                }
                current = Some(piece.to_owned());
            } else if let Some(c) = &mut current {
                // A " | " inside the note itself.
                c.push_str(" | ");
                c.push_str(piece);
            } else {
                free.push(piece.to_owned());
            }
        }
        own.extend(current);
    }
    let mut claims: Vec<OwnNote> = own.iter().filter_map(|p| parse_own(p)).collect();
    if claims.is_empty() {
        claims.push(OwnNote {
            id: String::new(),
            note: free.join(" | "),
            links: Vec::new(),
        });
    } else if !free.is_empty()
        && let Some(first) = claims.first_mut()
    {
        let extra = free.join(" | ");
        first.note = if first.note.is_empty() {
            extra
        } else {
            format!("{} | {extra}", first.note)
        };
    }
    claims
}

fn build(
    ctx: &mut Ctx,
    anns: &[&SourceFile],
    order: &[(usize, String)],
    entities: &HashMap<(usize, String), Entity>,
    relations: &[Relation],
) {
    let annotator = ctx.options.annotator().to_owned();
    let mut drafts_of: HashMap<&(usize, String), Vec<usize>> = HashMap::new();
    // Evidence spans accounted for, by (doc, start, end).
    let mut linked: HashSet<(String, usize, usize)> = HashSet::new();
    for key in order {
        let entity = &entities[key];
        let Kind::Claim(label) = &entity.kind else {
            continue;
        };
        for own in claims_of(&entity.notes) {
            let mut evidence = Vec::new();
            for (relation, doc, s, e) in own.links {
                let span = ctx
                    .doc_by_id(&doc)
                    .and_then(|d| Span::from_document(ctx.doc(d), s, e));
                let Some(span) = span else {
                    ctx.problem(
                        &anns[entity.file].rel,
                        Some(entity.line),
                        format!("{}: the note links to {doc} [{s}:{e}], which is not a span of the corpus", key.1),
                    );
                    continue;
                };
                linked.insert((span.doc.clone(), s, e));
                evidence.push(DraftEvidence {
                    span,
                    // The entity it points to carries the brat-safe name.
                    relation: type_name(&relation),
                    annotator: annotator.clone(),
                });
            }
            drafts_of.entry(key).or_default().push(ctx.drafts.len());
            ctx.drafts.push(Draft {
                span: entity.span.clone(),
                label: label.clone(),
                note: own.note,
                annotator: annotator.clone(),
                id: (!own.id.is_empty()).then_some(own.id),
                evidence,
            });
        }
    }
    for r in relations {
        let file = &anns[r.file].rel;
        let a = (r.file, r.arg1.clone());
        let b = (r.file, r.arg2.clone());
        let (Some(ea), Some(eb)) = (entities.get(&a), entities.get(&b)) else {
            ctx.problem(
                file,
                Some(r.line),
                format!(
                    "{} relates {} and {}, which are not both entities of this file",
                    r.kind, r.arg1, r.arg2
                ),
            );
            continue;
        };
        // Drawn from evidence to claim: the claim is still the claim.
        let (claim, target) = match (&ea.kind, &eb.kind) {
            (Kind::Evidence(_), Kind::Claim(_)) => (&b, eb),
            (Kind::Claim(_), _) => (&a, eb),
            _ => {
                ctx.problem(
                    file,
                    Some(r.line),
                    format!("{} relates two evidence spans; one must be a claim", r.kind),
                );
                continue;
            }
        };
        linked.insert((target.span.doc.clone(), target.span.start, target.span.end));
        for &d in drafts_of.get(claim).map(Vec::as_slice).unwrap_or(&[]) {
            ctx.drafts[d].evidence.push(DraftEvidence {
                span: target.span.clone(),
                relation: r.kind.clone(),
                annotator: annotator.clone(),
            });
        }
    }
    let unlinked = order
        .iter()
        .map(|k| &entities[k])
        .filter(|e| matches!(e.kind, Kind::Evidence(_)))
        .filter(|e| !linked.contains(&(e.span.doc.clone(), e.span.start, e.span.end)))
        .count();
    if unlinked > 0 {
        ctx.notes.push(format!(
            "{unlinked} evidence entities were left out: no relation or note links them to a claim"
        ));
    }
}

fn read_annotation_conf(declared: &mut Declared, text: &str) {
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let name = line
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_start_matches('!');
        if name.is_empty() || name.starts_with('<') {
            continue;
        }
        let label = match section {
            "[entities]" => match kind_of(name) {
                Kind::Claim(l) | Kind::Evidence(l) => l,
            },
            "[relations]" => Some(name.to_owned()),
            _ => None,
        };
        if let Some(label) = label
            && !declared.order.contains(&label)
        {
            declared.order.push(label);
        }
    }
}

fn read_visual_conf(declared: &mut Declared, text: &str) {
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            section = line;
            continue;
        }
        match section {
            "[labels]" => {
                let mut parts = line.split('|').map(str::trim);
                let (Some(kind), Some(name)) = (parts.next(), parts.next()) else {
                    continue;
                };
                match kind_of(kind) {
                    Kind::Claim(Some(l)) => {
                        declared.names.insert(l, name.to_owned());
                    }
                    Kind::Evidence(Some(l)) => {
                        let name = name.strip_prefix("Evidence: ").unwrap_or(name);
                        declared.names.entry(l).or_insert_with(|| name.to_owned());
                    }
                    _ => {}
                }
            }
            "[drawing]" => {
                let Some((kind, style)) = line.split_once(char::is_whitespace) else {
                    continue;
                };
                let color = style
                    .split(',')
                    .filter_map(|p| p.trim().strip_prefix("bgColor:"))
                    .next();
                if let (Kind::Claim(Some(l)) | Kind::Evidence(Some(l)), Some(c)) =
                    (kind_of(kind), color)
                {
                    declared
                        .colors
                        .entry(l)
                        .or_insert_with(|| c.trim().to_owned());
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_notes_parse() {
        let own = parse_own(
            "claim c01; note: a; b, c; contradicts evidence in x y.txt [0:103]; agrees evidence in b.txt [1:2]",
        )
        .unwrap();
        assert_eq!(own.id, "c01");
        assert_eq!(own.note, "a; b, c");
        assert_eq!(
            own.links,
            vec![
                ("contradicts".into(), "x y.txt".into(), 0, 103),
                ("agrees".into(), "b.txt".into(), 1, 2)
            ]
        );
        let plain = parse_own("claim c05").unwrap();
        assert_eq!((plain.id.as_str(), plain.note.as_str()), ("c05", ""));
        let claims = claims_of(&["claim c1; note: x | y | claim c2".into()]);
        assert_eq!(claims.len(), 2);
        assert_eq!(claims[0].note, "x | y");
        let free = claims_of(&["just a note".into()]);
        assert_eq!(free[0].note, "just a note");
        assert!(free[0].id.is_empty());
    }
}
