//! The planner: which annotator gets which document. Pure (no files), so
//! it is tested directly; `write.rs` reads the corpus and the annotators'
//! files and writes the result.

use std::collections::{BTreeMap, BTreeSet};

use super::StudyError;
use super::plan::{Plan, PlannedDoc, check_name, check_shape};

/// The overlap share when none is given.
pub const DEFAULT_OVERLAP: f64 = 0.2;
/// Annotators per overlap document when none is given.
pub const DEFAULT_PER_DOC: usize = 2;

/// A document as the planner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusDoc {
    pub id: String,
    /// Code points.
    pub chars: usize,
    pub hash: String,
}

/// What the lead asked for. `None`: the previous plan's value, or the
/// default for a new plan (a random seed, recorded in the plan).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub annotators: Vec<String>,
    pub overlap: Option<f64>,
    pub per_doc: Option<usize>,
    pub seed: Option<u64>,
    /// Also move documents nobody has started yet (to even out the loads
    /// when someone joins); started ones never move.
    pub rebalance: bool,
}

/// The documents an annotator has started: their file has a claim on it
/// or marks it done.
pub type Started = BTreeMap<String, BTreeSet<String>>;

/// What changed between the previous plan and this one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Documents new to the plan.
    pub added: Vec<String>,
    /// Planned documents no longer in the corpus (dropped from the plan).
    pub removed: Vec<String>,
    /// Of those, the ones someone had started: their claims stay in that
    /// annotator's file but point at a document that is gone.
    pub removed_started: Vec<String>,
    /// Planned documents whose text changed (kept where they were).
    pub edited: Vec<String>,
    /// Annotators new to the plan.
    pub joined: Vec<String>,
    /// (document, annotator) assignments moved by `rebalance`.
    pub moved: usize,
}

/// The seed, share and count a plan is made with, checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolved {
    pub seed: u64,
    pub overlap: f64,
    pub per_doc: usize,
}

/// Checks `settings` against each other and against `previous`.
pub fn resolve(settings: &Settings, previous: Option<&Plan>) -> Result<Resolved, StudyError> {
    let bad = |m: String| StudyError::Settings(m);
    let mut seen = BTreeSet::new();
    for name in &settings.annotators {
        check_name(name).map_err(bad)?;
        if format!("{}.ron", name.to_lowercase()) == super::plan::PLAN_FILE {
            return Err(bad(format!(
                "annotator {name:?} would have the plan's file name ({}); choose another name",
                super::plan::PLAN_FILE
            )));
        }
        if !seen.insert(name.to_lowercase()) {
            return Err(bad(format!(
                "annotator {:?} is given twice (names are compared ignoring case: they become file names)",
                crate::text::terminal::safe(name)
            )));
        }
    }
    let resolved = match previous {
        Some(plan) => {
            let same = |what: &str, given: Option<String>, planned: String| match given {
                Some(g) if g != planned => Err(bad(format!(
                    "the plan was made with {what} {planned}, not {g}; a plan is extended with the \
                     values it was made with"
                ))),
                _ => Ok(()),
            };
            same(
                "--seed",
                settings.seed.map(|s| s.to_string()),
                plan.seed.to_string(),
            )?;
            same(
                "--overlap",
                settings.overlap.map(|s| s.to_string()),
                plan.overlap.to_string(),
            )?;
            same(
                "--per-doc",
                settings.per_doc.map(|s| s.to_string()),
                plan.per_doc.to_string(),
            )?;
            let missing: Vec<&str> = plan
                .annotators
                .iter()
                .map(|m| m.name.as_str())
                .filter(|n| !settings.annotators.iter().any(|a| a == n))
                .collect();
            if !missing.is_empty() {
                return Err(bad(format!(
                    "the plan's annotators {} are not in --annotators; give the whole team \
                     (taking someone out of a plan is not built yet)",
                    missing
                        .iter()
                        .map(|n| crate::text::terminal::safe(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            Resolved {
                seed: plan.seed,
                overlap: plan.overlap,
                per_doc: plan.per_doc,
            }
        }
        None => Resolved {
            seed: match settings.seed {
                Some(s) => s,
                None => random_seed(),
            },
            overlap: settings.overlap.unwrap_or(DEFAULT_OVERLAP),
            per_doc: settings.per_doc.unwrap_or(DEFAULT_PER_DOC),
        },
    };
    check_shape(
        resolved.overlap,
        resolved.per_doc,
        settings.annotators.len(),
    )
    .map_err(bad)?;
    Ok(resolved)
}

fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: the clock will do for a seed that is recorded
        // (through the project's clock, which also works on the web).
        let now = crate::project::now_timestamp();
        let mixed = now.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        bytes = mixed.to_le_bytes();
    }
    u64::from_le_bytes(bytes)
}

/// How many of `n` documents are overlap documents at share `overlap`:
/// `overlap × n` rounded half up.
pub fn overlap_count(overlap: f64, n: usize) -> usize {
    ((overlap * n as f64) + 0.5).floor().min(n as f64) as usize
}

/// The folder a document is in, for stratifying (`""` at the top).
pub fn folder_of(id: &str) -> &str {
    id.rfind('/').map_or("", |at| &id[..at])
}

/// The documents of a plan over `docs` (sorted or not) for
/// `settings.annotators`, extending `previous` where there is one.
/// `started` is every annotator's started documents.
pub fn plan_documents(
    docs: &[CorpusDoc],
    settings: &Settings,
    resolved: Resolved,
    previous: Option<&Plan>,
    started: &Started,
) -> (BTreeMap<String, PlannedDoc>, Changes) {
    let team = &settings.annotators;
    let index: BTreeMap<&str, usize> = team
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut changes = Changes::default();
    if let Some(plan) = previous {
        changes.joined = team
            .iter()
            .filter(|n| plan.member(n).is_none())
            .cloned()
            .collect();
    }
    let empty = BTreeMap::new();
    let planned = previous.map_or(&empty, |p| &p.documents);
    let in_corpus: BTreeSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    for id in planned.keys().filter(|id| !in_corpus.contains(id.as_str())) {
        changes.removed.push(id.clone());
        if started.values().any(|s| s.contains(id)) {
            changes.removed_started.push(id.clone());
        }
    }
    let is_started = |name: &str, id: &str| started.get(name).is_some_and(|s| s.contains(id));

    // Per document: whether it overlaps, and who has it for good.
    struct Slot<'d> {
        doc: &'d CorpusDoc,
        overlap: bool,
        fixed: Vec<usize>,
    }
    let mut slots: Vec<Slot<'_>> = Vec::with_capacity(docs.len());
    let mut fresh: Vec<usize> = Vec::new();
    let mut sorted: Vec<&CorpusDoc> = docs.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);
    for doc in sorted {
        let mut fixed: BTreeSet<usize> = BTreeSet::new();
        let overlap = match planned.get(&doc.id) {
            Some(before) => {
                if before.hash != doc.hash {
                    changes.edited.push(doc.id.clone());
                }
                for name in &before.annotators {
                    if let Some(&i) = index.get(name.as_str()) {
                        if !settings.rebalance || is_started(name, &doc.id) {
                            fixed.insert(i);
                        } else {
                            changes.moved += 1;
                        }
                    }
                }
                before.overlap
            }
            None => {
                changes.added.push(doc.id.clone());
                fresh.push(slots.len());
                false
            }
        };
        // Work already done on a document stays with whoever did it, in
        // the plan or not.
        for (name, docs) in started {
            if docs.contains(&doc.id)
                && let Some(&i) = index.get(name.as_str())
            {
                fixed.insert(i);
            }
        }
        slots.push(Slot {
            doc,
            overlap,
            fixed: fixed.into_iter().collect(),
        });
    }
    if previous.is_none() {
        changes.added.clear();
    }

    // Overlap documents among the new ones, so that the whole plan's share
    // is as asked (exactly, unless documents that overlapped were removed
    // or the plan already has more).
    let have = slots.iter().filter(|s| s.overlap).count();
    let want = overlap_count(resolved.overlap, slots.len()).saturating_sub(have);
    let fresh_ids: Vec<(&str, usize)> = fresh
        .iter()
        .map(|&i| (slots[i].doc.id.as_str(), i))
        .collect();
    for i in stratified_sample(&fresh_ids, want.min(fresh.len()), resolved.seed) {
        slots[i].overlap = true;
    }

    // Loads in code points, starting from what is fixed; then the rest,
    // longest first, each to the least loaded annotators (ties: team
    // order). Whatever the order, the spread of loads never exceeds the
    // longest document; longest first keeps it far below that.
    let mut load = vec![0u128; team.len()];
    for s in &slots {
        for &i in &s.fixed {
            load[i] += s.doc.chars as u128;
        }
    }
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.sort_by(|&a, &b| {
        slots[b]
            .doc
            .chars
            .cmp(&slots[a].doc.chars)
            .then_with(|| slots[a].doc.id.cmp(&slots[b].doc.id))
    });
    let mut by_load: Vec<usize> = (0..team.len()).collect();
    for i in order {
        let slot = &mut slots[i];
        let need = if slot.overlap { resolved.per_doc } else { 1 };
        if slot.fixed.len() >= need {
            continue;
        }
        by_load.sort_by_key(|&a| (load[a], a));
        let chosen: Vec<usize> = by_load
            .iter()
            .copied()
            .filter(|a| !slot.fixed.contains(a))
            .take(need - slot.fixed.len())
            .collect();
        for a in chosen {
            load[a] += slot.doc.chars as u128;
            slot.fixed.push(a);
        }
    }

    let documents = slots
        .into_iter()
        .map(|s| {
            let mut who = s.fixed;
            who.sort_unstable();
            let planned = PlannedDoc {
                chars: s.doc.chars,
                hash: s.doc.hash.clone(),
                overlap: s.overlap,
                annotators: who.into_iter().map(|i| team[i].clone()).collect(),
            };
            (s.doc.id.clone(), planned)
        })
        .collect();
    (documents, changes)
}

/// `count` of `items` (id, value), drawn at random with `seed`, stratified
/// by folder: each folder gives its share by the largest remainder, so the
/// total is exactly `count`. Deterministic for the same items and seed.
fn stratified_sample(items: &[(&str, usize)], count: usize, seed: u64) -> Vec<usize> {
    let mut folders: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for &(id, v) in items {
        folders.entry(folder_of(id)).or_default().push((id, v));
    }
    let total = items.len() as u128;
    if total == 0 || count == 0 {
        return Vec::new();
    }
    let mut quotas: Vec<(usize, u128, &str)> = folders
        .iter()
        .map(|(name, list)| {
            let exact = count as u128 * list.len() as u128;
            ((exact / total) as usize, exact % total, *name)
        })
        .collect();
    let mut left = count - quotas.iter().map(|q| q.0).sum::<usize>();
    let mut by_remainder: Vec<usize> = (0..quotas.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        quotas[b]
            .1
            .cmp(&quotas[a].1)
            .then(quotas[a].2.cmp(quotas[b].2))
    });
    for i in by_remainder {
        if left == 0 {
            break;
        }
        quotas[i].0 += 1;
        left -= 1;
    }
    let mut rng = SplitMix64(seed);
    let mut out = Vec::with_capacity(count);
    for (quota, _, name) in quotas {
        let mut list = folders[name].clone();
        list.sort_unstable();
        // Fisher–Yates, only as far as needed.
        for k in 0..quota.min(list.len()) {
            let j = k + rng.below(list.len() - k);
            list.swap(k, j);
            out.push(list[k].1);
        }
    }
    out
}

/// SplitMix64: small, fast, and fixed here, so a seed gives the same plan
/// on every machine and in every version of every dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), without modulo bias.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next();
            if v < zone {
                return (v % n) as usize;
            }
        }
    }
}
