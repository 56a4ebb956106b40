//! What both benchmarks share: their `--scale`, where they write their
//! figures, and the seeded prose they generate (nothing downloaded).

use std::path::{Path, PathBuf};

/// xorshift64*: deterministic and dependency-free.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub const WORDS: &[&str] = &[
    "the",
    "police",
    "said",
    "officers",
    "were",
    "sent",
    "to",
    "London",
    "on",
    "Tuesday",
    "after",
    "a",
    "report",
    "that",
    "minister",
    "council",
    "residents",
    "claimed",
    "according",
    "spokesperson",
    "confirmed",
    "denied",
    "witnesses",
    "described",
    "firearms",
    "Hampshire",
    "statement",
    "investigation",
    "morning",
    "evening",
    "crowd",
    "several",
    "hundred",
    "people",
    "gathered",
    "outside",
    "building",
    "although",
    "reports",
    "differ",
    "whether",
    "officials",
    "approved",
    "operation",
    "earlier",
    "week",
    "and",
    "of",
    "in",
    "was",
];

/// ~`bytes` of ASCII prose: paragraphs of sentences, a title first.
pub fn article(rng: &mut Rng, bytes: usize, title: &str) -> String {
    let mut text = String::with_capacity(bytes + 600);
    text.push_str(title);
    text.push_str("\n\n");
    while text.len() < bytes {
        let sentences = 3 + rng.below(4);
        for s in 0..sentences {
            if s > 0 {
                text.push(' ');
            }
            let words = 8 + rng.below(14);
            for w in 0..words {
                let word = WORDS[rng.below(WORDS.len())];
                if w == 0 {
                    let mut c = word.chars();
                    if let Some(first) = c.next() {
                        text.extend(first.to_uppercase());
                        text.push_str(c.as_str());
                    }
                } else {
                    text.push(' ');
                    text.push_str(word);
                }
            }
            text.push('.');
        }
        text.push_str("\n\n");
    }
    text
}

/// `--scale X`, `--scale=X` or `CROSSCHECK_BENCH_SCALE`; 1 by default.
pub fn scale_arg() -> f64 {
    let mut scale: f64 = std::env::var("CROSSCHECK_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    // Cargo passes `--bench` to harness-less benches; ignore what we don't know.
    let args: Vec<String> = std::env::args().collect();
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix("--scale=") {
            scale = v.parse().unwrap_or(scale);
        } else if a == "--scale"
            && let Some(v) = args.get(i + 1)
        {
            scale = v.parse().unwrap_or(scale);
        }
    }
    scale.clamp(0.001, 10.0)
}

/// `name` in the target folder (`$CARGO_TARGET_DIR` when that is set).
pub fn out_path(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join(name)
}
