//! Which column of a dataset is the text, the id and each piece of source
//! metadata: found by name, or chosen by the user and remembered in the
//! project file.

use serde::{Deserialize, Serialize};

use super::error::DatasetError;

/// Which column is which, by header name. Stored in the project file (RON)
/// so that the user's choice is remembered; `None` means "not chosen" (in a
/// choice) or "not found" (in what was detected).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Columns {
    /// The article's text: the only column a dataset must have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The row's key within the file; the row number without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

// Names as `normalise` leaves them, best first. A weaker text name (a
// claim, a statement) is taken only when no article-like column exists, so
// that a file with both a body and the claim made about it opens the body.
const TEXT: &[&str] = &[
    "text",
    "body",
    "articlebody",
    "content",
    "article",
    "story",
    "fulltext",
    "maintext",
    "articletext",
    "bodytext",
    "document",
];
const TEXT_WEAK: &[&str] = &["claim", "statement", "sentence"];
const ID: &[&str] = &["id", "docid", "articleid", "bodyid", "uid", "guid", "key"];
const TITLE: &[&str] = &["title", "headline", "heading"];
const DATE: &[&str] = &[
    "date",
    "published",
    "publishdate",
    "publicationdate",
    "pubdate",
    "datepublished",
    "publishedat",
    "time",
    "timestamp",
    "created",
    "createdat",
];
const URL: &[&str] = &[
    "url",
    "link",
    "href",
    "sourceurl",
    "canonicalurl",
    "articleurl",
];
const OUTLET: &[&str] = &[
    "outlet",
    "source",
    "publisher",
    "site",
    "sitename",
    "domain",
    "media",
    "newspaper",
    "publication",
];
const AUTHOR: &[&str] = &["author", "authors", "byline", "writer", "creator"];

impl Columns {
    /// Finds the columns of a header by name, compared normalised (lower
    /// case, without spaces, underscores and hyphens: `Body ID` is `bodyid`).
    /// Where several columns fit, the better name wins, then the earlier
    /// column.
    pub fn detect(header: &[String]) -> Columns {
        let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
        let find = |names: &[&str]| {
            names.iter().find_map(|name| {
                normalised
                    .iter()
                    .position(|h| h == name)
                    .and_then(|i| header.get(i).cloned())
            })
        };
        Columns {
            text: find(TEXT).or_else(|| find(TEXT_WEAK)),
            id: find(ID),
            title: find(TITLE),
            date: find(DATE),
            url: find(URL),
            outlet: find(OUTLET),
            author: find(AUTHOR),
        }
    }

    /// What was detected, with each field the user chose (`Some`) in its
    /// place.
    pub fn merged(detected: &Columns, chosen: &Columns) -> Columns {
        let pick = |d: &Option<String>, c: &Option<String>| c.clone().or_else(|| d.clone());
        Columns {
            text: pick(&detected.text, &chosen.text),
            id: pick(&detected.id, &chosen.id),
            title: pick(&detected.title, &chosen.title),
            date: pick(&detected.date, &chosen.date),
            url: pick(&detected.url, &chosen.url),
            outlet: pick(&detected.outlet, &chosen.outlet),
            author: pick(&detected.author, &chosen.author),
        }
    }

    /// Every column named, text first.
    pub(crate) fn named(&self) -> impl Iterator<Item = &str> {
        [
            &self.text,
            &self.id,
            &self.title,
            &self.date,
            &self.url,
            &self.outlet,
            &self.author,
        ]
        .into_iter()
        .filter_map(|c| c.as_deref())
    }
}

/// A header name as detection compares it.
fn normalise(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where each chosen column is in the header (the first column of that name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Positions {
    pub text: usize,
    pub id: Option<usize>,
    pub title: Option<usize>,
    pub date: Option<usize>,
    pub url: Option<usize>,
    pub outlet: Option<usize>,
    pub author: Option<usize>,
}

impl Positions {
    /// The positions of `columns` in `header`; `columns.text` must be set.
    pub fn of(columns: &Columns, header: &[String]) -> Option<Positions> {
        let at = |c: &Option<String>| {
            c.as_ref()
                .and_then(|name| header.iter().position(|h| h == name))
        };
        Some(Positions {
            text: at(&columns.text)?,
            id: at(&columns.id),
            title: at(&columns.title),
            date: at(&columns.date),
            url: at(&columns.url),
            outlet: at(&columns.outlet),
            author: at(&columns.author),
        })
    }
}

/// The columns to use and where they are, or why the header will not do.
pub(super) fn resolve(
    header: &[String],
    chosen: &Columns,
) -> Result<(Columns, Positions), DatasetError> {
    if let Some(unknown) = chosen
        .named()
        .find(|name| !header.iter().any(|h| h == name))
    {
        return Err(DatasetError::UnknownColumn(unknown.to_owned()));
    }
    let columns = Columns::merged(&Columns::detect(header), chosen);
    let positions = Positions::of(&columns, header).ok_or_else(|| DatasetError::NoTextColumn {
        header: header.to_vec(),
    })?;
    Ok((columns, positions))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn fnc1_bodies() {
        let c = Columns::detect(&header(&["Body ID", "articleBody"]));
        assert_eq!(c.text.as_deref(), Some("articleBody"));
        assert_eq!(c.id.as_deref(), Some("Body ID"));
        assert_eq!(c.title, None);
    }

    #[test]
    fn names_normalised() {
        let c = Columns::detect(&header(&[
            "_id",
            "Full-Text",
            "Head Line",
            "published_at",
            "source_url",
            "Site Name",
            "BYLINE",
        ]));
        assert_eq!(c.id.as_deref(), Some("_id"));
        assert_eq!(c.text.as_deref(), Some("Full-Text"));
        assert_eq!(c.title.as_deref(), Some("Head Line"));
        assert_eq!(c.date.as_deref(), Some("published_at"));
        assert_eq!(c.url.as_deref(), Some("source_url"));
        assert_eq!(c.outlet.as_deref(), Some("Site Name"));
        assert_eq!(c.author.as_deref(), Some("BYLINE"));
    }

    #[test]
    fn better_name_wins_over_earlier_column() {
        let c = Columns::detect(&header(&["claim", "content", "body"]));
        assert_eq!(c.text.as_deref(), Some("body"));
        let c = Columns::detect(&header(&["sentence", "claim"]));
        assert_eq!(c.text.as_deref(), Some("claim"));
        let c = Columns::detect(&header(&["time", "date"]));
        assert_eq!(c.date.as_deref(), Some("date"));
    }

    #[test]
    fn headline_is_a_title_not_text() {
        let c = Columns::detect(&header(&["headline", "name"]));
        assert_eq!(c.text, None);
        assert_eq!(c.title.as_deref(), Some("headline"));
    }

    #[test]
    fn chosen_overrides_detected() {
        let detected = Columns::detect(&header(&["text", "summary", "id"]));
        let chosen = Columns {
            text: Some("summary".into()),
            ..Columns::default()
        };
        let m = Columns::merged(&detected, &chosen);
        assert_eq!(m.text.as_deref(), Some("summary"));
        assert_eq!(m.id.as_deref(), Some("id"));
    }

    #[test]
    fn ron_leaves_out_what_is_not_set() {
        let c = Columns {
            text: Some("body".into()),
            ..Columns::default()
        };
        let s = ron::to_string(&c).unwrap();
        assert_eq!(s, "(text:Some(\"body\"))");
        assert_eq!(ron::from_str::<Columns>("()").unwrap(), Columns::default());
        assert_eq!(ron::from_str::<Columns>(&s).unwrap(), c);
    }
}
