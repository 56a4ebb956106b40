//! Lines of an extracted body that are the page's furniture rather than the
//! article: controls and labels alone on a line, links to other stories
//! ("Read more: …", "Related: …"), datelines ("Updated 9:41 AM"), image
//! credits and sign-up pitches. Each rule is about a line's own words, never
//! a site.

/// Lines that are controls or labels rather than the article's words, as
/// they appear alone on a line (compared case-insensitively).
const LABELS: &[&str] = &[
    "advertisement",
    "advertisements",
    "advert",
    "ad",
    "sponsored",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "share on x",
    "tweet",
    "email",
    "print",
    "copy link",
    "link copied",
    "read more",
    "continue reading",
    "continue reading below",
    "related",
    "related articles",
    "related stories",
    "related news",
    "more",
    "more on this story",
    "you may also like",
    "recent articles",
    "popular this week",
    "don't miss",
    "comments",
    "show comments",
    "post comment",
    "skip advertisement",
    "story continues below advertisement",
    "article continues below advertisement",
    "subscribe",
    "sign up",
    "caption",
    "close",
];

/// How a line pointing to another story, or crediting a picture, starts
/// (lower case); such a line is dropped when it is short.
const PREFIXES: &[&str] = &[
    "read more:",
    "read more on",
    "related:",
    "related post:",
    "see more:",
    "see also:",
    "also:",
    "more:",
    "also on ",
    "image copyright",
    "image caption",
    "image credit",
    "(image:",
    "(image credit",
    "photo:",
    "photograph:",
    "credit:",
    "credit...",
    "© ",
    "sign up:",
];

/// How a dateline starts; it is dropped when short and holding a digit.
const DATELINES: &[&str] = &[
    "updated",
    "published",
    "first published",
    "posted",
    "last updated",
    "modified",
];

/// A line starting "By" of at most this many words is a byline.
const BYLINE_WORDS: usize = 8;

/// Longer than this a line is a paragraph, whatever its first words.
const SHORT_LINE_CHARS: usize = 160;

/// Whether a line (spaces already collapsed) is furniture, not article text.
pub fn is_boilerplate(line: &str) -> bool {
    let chars = line.chars().count();
    if chars > SHORT_LINE_CHARS {
        return false;
    }
    let lower = line.to_lowercase();
    let label = lower
        .trim_end_matches([':', '.', '»', '›', '>', '…', '!'])
        .trim();
    if LABELS.contains(&label) {
        return true;
    }
    if PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if chars <= 80 && DATELINES.iter().any(|p| lower.starts_with(p)) && names_a_time(&lower) {
        return true;
    }
    // "By Justine Coleman - 11/18/19": a byline is a few words after "By".
    if lower.starts_with("by ")
        && line.split_whitespace().count() <= BYLINE_WORDS
        && !line.ends_with(['.', '?', '!'])
    {
        return true;
    }
    lower.contains("click here")
        || (lower.contains("newsletter")
            && (lower.contains("sign up") || lower.contains("subscribe")))
}

/// Whether a line holds a clock time ("9:41"), a month's name or "ago":
/// what a dateline has and a sentence starting "Published in 1998" lacks.
fn names_a_time(lower: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
        "ago",
    ];
    let chars: Vec<char> = lower.chars().collect();
    let clock = chars
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == ':' && w[2].is_ascii_digit());
    clock
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| MONTHS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines_are_recognised() {
        for line in [
            "Read more: Alibaba poised to launch a listing",
            "Related: The 15 weirdest galaxies",
            "Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM",
            "(Image: © NASA/ESA)",
            "Get the latest updates in your inbox. Subscribe to our newsletters.",
            "ADVERTISEMENT",
            "Read more »",
            "By Justine Coleman - 11/18/19 11:04 PM EST",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn article_sentences_are_kept() {
        for line in [
            "Updated figures from the ministry show a fall.",
            "Published in 1998, the report was ignored.",
            "More than 200 people were hurt.",
            "Share the load evenly.",
            "By the end of the week the river had risen two metres.",
            "By then it was over.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }
}
