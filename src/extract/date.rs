//! The calendar date a source states, as `YYYY-MM-DD`, for listing and
//! sorting articles by date: pages write ISO 8601 (`2024-03-04T09:00:00Z`),
//! RFC 2822 (`Mon, 04 Mar 2024 09:00:00 GMT`) or prose (`March 4, 2024`,
//! `4 March 2024`). The stated value itself is kept as it was.

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `YYYY-MM-DD` for a stated date, or `None` when it cannot be read.
pub fn calendar_date(stated: &str) -> Option<String> {
    let s = stated.trim();
    iso(s).or_else(|| prose(s))
}

fn valid(y: u32, m: u32, d: u32) -> Option<String> {
    ((1800..=2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `2024-03-04…` or `2024/03/04…`.
fn iso(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 10 || !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let rest_ok = b.get(10).is_none_or(|c| !c.is_ascii_digit());
    if !rest_ok {
        return None;
    }
    valid(num(0..4)?, num(5..7)?, num(8..10)?)
}

/// A day, a month's name and a four-digit year in any order of day and
/// month, with commas, dots and a weekday around them.
fn prose(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let mut day = None;
    let mut month = None;
    let mut year = None;
    for w in words {
        let lower = w.to_ascii_lowercase();
        if month.is_none()
            && lower.len() >= 3
            && let Some(i) = MONTHS.iter().position(|m| lower.starts_with(m))
        {
            month = Some(i as u32 + 1);
            continue;
        }
        let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if let Ok(n) = digits.parse::<u32>() {
            if digits.len() == 4 && year.is_none() {
                year = Some(n);
            } else if digits.len() <= 2 && day.is_none() && year.is_none() {
                day = Some(n);
            }
        }
    }
    valid(year?, month?, day?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_dates_become_calendar_dates() {
        for (stated, want) in [
            ("2024-03-04T09:00:00Z", "2024-03-04"),
            ("2024-03-04", "2024-03-04"),
            ("2024/03/04 10:00", "2024-03-04"),
            ("Mon, 04 Mar 2024 09:00:00 GMT", "2024-03-04"),
            ("March 4, 2024", "2024-03-04"),
            ("4 March 2024", "2024-03-04"),
            ("Published Sept. 21st, 2023 at 10:00", "2023-09-21"),
        ] {
            assert_eq!(calendar_date(stated).as_deref(), Some(want), "{stated}");
        }
    }

    #[test]
    fn what_is_not_a_date_gives_none() {
        for stated in [
            "",
            "yesterday",
            "2024-13-01",
            "20240304",
            "2024-03-041",
            "March 2024",
            "日本",
        ] {
            assert_eq!(calendar_date(stated), None, "{stated}");
        }
    }
}
