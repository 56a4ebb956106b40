//! JSON Lines (one object per line) and JSON (a list of objects, or an
//! object holding one such list). Objects keep their keys in file order, so
//! that the header lists columns as the file does.

use std::collections::HashSet;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::bytes::Input;
use super::columns::{Columns, Positions, resolve};
use super::error::DatasetError;
use super::model::Dataset;
use super::rows::{Cell, Collector, RawRow};

const NOT_A_LIST: &str = "a .json dataset is a list of objects";

/// Reads one object per non-empty line; a line that is not one is skipped
/// with its line number.
pub(crate) fn read_lines(
    input: &Input<'_>,
    chosen: &Columns,
    on_row: &mut dyn FnMut(usize) -> bool,
) -> Result<Dataset, DatasetError> {
    let mut objects = Vec::new();
    let mut skipped = Vec::new();
    // The newline ending the last line does not start another.
    let bytes = input.bytes.strip_suffix(b"\n").unwrap_or(&input.bytes);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = i + 1;
        if !line.iter().all(u8::is_ascii_whitespace) {
            match serde_json::from_slice::<Item>(line) {
                Ok(Item::Object(object)) => objects.push((number, object)),
                Ok(Item::Other) => skipped.push((number, "not a JSON object".to_owned())),
                Err(e) => skipped.push((number, format!("not JSON: {e}"))),
            }
        }
        if !on_row(number) {
            return Err(DatasetError::Cancelled);
        }
    }
    if objects.is_empty() {
        return Err(DatasetError::NotADataset(
            "no line of the file is a JSON object".into(),
        ));
    }
    let mut out = Collector::default();
    for (number, reason) in skipped {
        out.skip(number, &reason);
    }
    let dataset = collect(objects, chosen, input, out, &mut |_| true)?;
    Ok(sorted_skips(dataset))
}

/// Reads a list of objects, or the one list of objects an object holds
/// (`{"data": [...]}`).
pub(crate) fn read_document(
    input: &Input<'_>,
    chosen: &Columns,
    on_row: &mut dyn FnMut(usize) -> bool,
) -> Result<Dataset, DatasetError> {
    let top: Top = serde_json::from_slice(&input.bytes)
        .map_err(|e| DatasetError::NotADataset(format!("not JSON: {e}")))?;
    let items = match top {
        Top::List(items) if items.is_empty() => {
            return Err(DatasetError::NotADataset("the list is empty".into()));
        }
        Top::List(items) => items,
        Top::Object(fields) => {
            let mut lists: Vec<(String, Vec<Item>)> = fields
                .into_iter()
                .filter_map(|(name, field)| match field {
                    Field::Objects(items) => Some((name, items)),
                    Field::Other => None,
                })
                .collect();
            match lists.len() {
                1 => lists.pop().map(|(_, items)| items).unwrap_or_default(),
                0 => return Err(DatasetError::NotADataset(NOT_A_LIST.into())),
                _ => {
                    let names: Vec<String> = lists.into_iter().map(|(n, _)| n).collect();
                    return Err(DatasetError::NotADataset(format!(
                        "{NOT_A_LIST}; this object holds several: {}",
                        names.join(", ")
                    )));
                }
            }
        }
        Top::Other => return Err(DatasetError::NotADataset(NOT_A_LIST.into())),
    };
    let mut out = Collector::default();
    let mut objects = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Item::Object(object) => objects.push((i + 1, object)),
            Item::Other => out.skip(i + 1, "not a JSON object"),
        }
    }
    if objects.is_empty() {
        return Err(DatasetError::NotADataset(NOT_A_LIST.into()));
    }
    let dataset = collect(objects, chosen, input, out, on_row)?;
    Ok(sorted_skips(dataset))
}

/// Rows from objects numbered as the file numbers them.
fn collect(
    objects: Vec<(usize, Object)>,
    chosen: &Columns,
    input: &Input<'_>,
    mut out: Collector,
    on_row: &mut dyn FnMut(usize) -> bool,
) -> Result<Dataset, DatasetError> {
    let header = header_of(&objects);
    let (columns, at) = resolve(&header, chosen)?;
    for (done, (number, mut object)) in objects.into_iter().enumerate() {
        out.push(number, raw_row(&mut object, &header, &at));
        if !on_row(done + 1) {
            return Err(DatasetError::Cancelled);
        }
    }
    Ok(Dataset {
        header,
        columns,
        rows: out.rows,
        skipped: out.skipped,
        encoding: input.encoding,
    })
}

fn sorted_skips(mut dataset: Dataset) -> Dataset {
    dataset.skipped.sort_by_key(|s| s.row);
    dataset
}

/// Every key of every object, in the order first seen.
fn header_of(objects: &[(usize, Object)]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut header = Vec::new();
    for (_, object) in objects {
        for (key, _) in &object.0 {
            if !seen.contains(key.as_str()) {
                seen.insert(key.as_str());
                header.push(key.clone());
            }
        }
    }
    header
}

fn raw_row(object: &mut Object, header: &[String], at: &Positions) -> RawRow {
    let mut take = |i: Option<usize>, joiner: &str| match i.and_then(|i| header.get(i)) {
        // The last of repeated keys wins, as in most JSON readers.
        Some(name) => match object.0.iter_mut().rev().find(|(k, _)| k == name) {
            Some((_, value)) => cell(std::mem::take(value), joiner),
            None => Cell::Absent,
        },
        None => Cell::Absent,
    };
    RawRow {
        // A list of strings as text is paragraphs; as metadata, a list
        // (authors).
        text: take(Some(at.text), "\n\n"),
        id: take(at.id, ", "),
        title: take(at.title, ", "),
        date: take(at.date, ", "),
        url: take(at.url, ", "),
        outlet: take(at.outlet, ", "),
        author: take(at.author, ", "),
    }
}

/// A JSON value as a cell: strings as they are, numbers and booleans as
/// their JSON text, a list of those joined.
fn cell(value: Value, joiner: &str) -> Cell {
    let scalar = |value: Value| match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    };
    match value {
        Value::Null => Cell::Absent,
        Value::Object(_) => Cell::Nested,
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::Null => {}
                    Value::Array(_) | Value::Object(_) => return Cell::Nested,
                    scalar_value => parts.extend(scalar(scalar_value)),
                }
            }
            if parts.is_empty() {
                Cell::Absent
            } else {
                Cell::Text(parts.join(joiner))
            }
        }
        other => scalar(other).map_or(Cell::Absent, Cell::Text),
    }
}

/// A JSON object, keys in file order.
#[derive(Debug, Default)]
struct Object(Vec<(String, Value)>);

/// A list item or a JSON Lines line.
#[derive(Debug)]
enum Item {
    Object(Object),
    Other,
}

/// A field of a top-level object: a non-empty list of objects, or else.
#[derive(Debug)]
enum Field {
    Objects(Vec<Item>),
    Other,
}

/// A `.json` file's value.
#[derive(Debug)]
enum Top {
    List(Vec<Item>),
    Object(Vec<(String, Field)>),
    Other,
}

/// `visit_*` for the scalars, each giving `$other`.
macro_rules! scalars_are {
    ($other:expr) => {
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($other)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($other)
        }
    };
}

fn read_object<'de, A: MapAccess<'de>>(mut map: A) -> Result<Object, A::Error> {
    let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
    while let Some(pair) = map.next_entry::<String, Value>()? {
        pairs.push(pair);
    }
    Ok(Object(pairs))
}

fn read_items<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<Item>, A::Error> {
    let mut items = Vec::new();
    while let Some(item) = seq.next_element::<Item>()? {
        items.push(item);
    }
    Ok(items)
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            scalars_are!(Item::Other);
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Item, A::Error> {
                drain_seq(seq).map(|()| Item::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                read_object(map).map(Item::Object)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            scalars_are!(Field::Other);
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field, A::Error> {
                let items = read_items(seq)?;
                let objects =
                    !items.is_empty() && items.iter().all(|i| matches!(i, Item::Object(_)));
                Ok(if objects {
                    Field::Objects(items)
                } else {
                    Field::Other
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field, A::Error> {
                drain_map(map).map(|()| Field::Other)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            scalars_are!(Top::Other);
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Top, A::Error> {
                read_items(seq).map(Top::List)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
                let mut fields = Vec::new();
                while let Some(pair) = map.next_entry::<String, Field>()? {
                    fields.push(pair);
                }
                Ok(Top::Object(fields))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_cells() {
        let c = |json: &str| cell(serde_json::from_str(json).unwrap(), ", ");
        assert_eq!(c(r#""a""#), Cell::Text("a".into()));
        assert_eq!(c("12"), Cell::Text("12".into()));
        assert_eq!(c("1.5"), Cell::Text("1.5".into()));
        assert_eq!(c("true"), Cell::Text("true".into()));
        assert_eq!(c("null"), Cell::Absent);
        assert_eq!(c("[]"), Cell::Absent);
        assert_eq!(c(r#"["Ann", null, "Bo"]"#), Cell::Text("Ann, Bo".into()));
        assert_eq!(c(r#"[["a"]]"#), Cell::Nested);
        assert_eq!(c(r#"{"a": 1}"#), Cell::Nested);
    }

    #[test]
    fn objects_keep_their_key_order() {
        let item: Item = serde_json::from_str(r#"{"z": 1, "a": 2, "m": {"y": 1}}"#).unwrap();
        let Item::Object(object) = item else {
            panic!("not an object")
        };
        let keys: Vec<&str> = object.0.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }
}
