//! Project files written without `ron`'s serializer, which formats every
//! character of every string through `fmt` (~110 MB/s): a serde serializer
//! that writes the same text as `ron`'s pretty printer with the project's
//! [`PrettyConfig`](ron::ser::PrettyConfig), byte for byte (the tests check
//! it against `ron`), except for the structs named in [`Layout::inline`],
//! which it writes on one line. Claims are formatted in parallel chunks.

use serde::ser::{self, Serialize};

use super::model::{Claim, Project};

/// How a project file is laid out.
#[derive(Clone, Copy, Debug)]
pub(super) struct Layout {
    /// Structs (by their Rust name) written on one line, with everything in
    /// them: `span: (doc: "a.txt", start: 3, end: 9, …),`.
    pub inline: &'static [&'static str],
}

impl Layout {
    /// What `ron`'s pretty printer writes: every field on a line of its own.
    #[cfg(test)]
    pub const RON_PRETTY: Layout = Layout { inline: &[] };
    /// What crosscheck writes: a span is one line, so the file is a third
    /// smaller and a changed span is a one-line diff.
    pub const PROJECT: Layout = Layout { inline: &["Span"] };
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct WriteError(String);

impl ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, WriteError>;

const INDENT: &[u8] = b"    ";

/// Serializes into a byte buffer; the same state machine as `ron`'s
/// `Serializer` in pretty mode (`is_empty` decides whether an opening
/// bracket starts a new line), plus a depth of one-line structs.
pub(super) struct Writer<'a> {
    out: &'a mut Vec<u8>,
    layout: Layout,
    indent: usize,
    is_empty: Option<bool>,
    /// > 0 inside a struct written on one line.
    inline: usize,
}

impl<'a> Writer<'a> {
    pub(super) fn new(out: &'a mut Vec<u8>, layout: Layout, indent: usize) -> Self {
        Self {
            out,
            layout,
            indent,
            is_empty: None,
            inline: 0,
        }
    }

    fn start_indent(&mut self) {
        self.indent += 1;
        if !self.is_empty.unwrap_or(false) {
            self.out.push(b'\n');
        }
    }

    fn end_indent(&mut self) {
        if !self.is_empty.unwrap_or(false) {
            for _ in 1..self.indent {
                self.out.extend_from_slice(INDENT);
            }
        }
        self.indent -= 1;
        self.is_empty = None;
    }

    fn write_indent(&mut self) {
        for _ in 0..self.indent {
            self.out.extend_from_slice(INDENT);
        }
    }

    fn identifier(&mut self, name: &str) -> Result {
        // ron writes `r#name` for anything but a plain identifier; nothing
        // in a project needs that, so it is refused rather than imitated.
        let bytes = name.as_bytes();
        let plain = bytes
            .first()
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
            // Every keyword starts with one of these: most names are not
            // compared with the list at all (it showed in a save's profile).
            && !(matches!(bytes[0], b't' | b'f' | b'S' | b'N' | b'i')
                && [
                    "true", "false", "Some", "None", "inf", "inff32", "inff64", "NaN", "NaNf32",
                    "NaNf64",
                ]
                .contains(&name));
        if !plain {
            return Err(WriteError(format!("unsupported identifier {name:?}")));
        }
        self.out.extend_from_slice(name.as_bytes());
        Ok(())
    }

    fn uint(&mut self, mut v: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&buf[i..]);
    }

    fn compound(
        &mut self,
        open: u8,
        close: u8,
        len: Option<usize>,
        inline: bool,
    ) -> Compound<'_, 'a> {
        self.out.push(open);
        let inline = inline || self.inline > 0;
        if inline {
            self.inline += 1;
        } else {
            if let Some(len) = len {
                self.is_empty = Some(len == 0);
            }
            self.start_indent();
        }
        Compound {
            w: self,
            first: true,
            close,
            inline,
            tuple: false,
        }
    }

    fn tuple(&mut self, close: u8) -> Compound<'_, 'a> {
        self.out.push(b'(');
        Compound {
            w: self,
            first: true,
            close,
            inline: true,
            tuple: true,
        }
    }
}

/// `s` as `ron` writes it: quoted, every char through `char::escape_debug`
/// (which also escapes `'`, combining marks and unprintable characters).
fn escaped_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    // Most text is printable ASCII without quotes or backslashes: whole
    // 16-byte runs of it are checked without a branch per byte.
    let mut i = 0;
    while let Some(run) = bytes
        .get(i..i + 16)
        .and_then(|r| <&[u8; 16]>::try_from(r).ok())
        && run.iter().fold(0u8, |a, &b| a | needs_care(b)) == 0
    {
        i += 16;
    }
    let mut clean = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let plain = (0x20..0x7f).contains(&b) && !matches!(b, b'"' | b'\'' | b'\\');
            if !plain {
                out.extend_from_slice(&bytes[clean..i]);
                escape_char(out, b as char);
                clean = i + 1;
            }
            i += 1;
            continue;
        }
        // A non-ASCII char: `i` is on a char boundary, as every ASCII byte
        // and every whole char before it was stepped over.
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let width = c.len_utf8();
        if c.escape_debug().len() != 1 {
            out.extend_from_slice(&bytes[clean..i]);
            escape_char(out, c);
            clean = i + width;
        }
        i += width;
    }
    out.extend_from_slice(&bytes[clean..]);
    out.push(b'"');
}

/// 1 for a byte `ron` does not write as it is (or that starts a char that
/// may need escaping), without branches, so runs of bytes vectorise.
fn needs_care(b: u8) -> u8 {
    (b < 0x20) as u8
        | (b >= 0x7f) as u8
        | (b == b'"') as u8
        | (b == b'\'') as u8
        | (b == b'\\') as u8
}

fn escape_char(out: &mut Vec<u8>, c: char) {
    let mut scalar = [0u8; 4];
    for e in c.escape_debug() {
        out.extend_from_slice(e.encode_utf8(&mut scalar).as_bytes());
    }
}

pub(super) struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    first: bool,
    close: u8,
    /// On one line: `, ` between items, no trailing comma.
    inline: bool,
    /// A tuple: `, ` between items whatever the layout (as `ron` does
    /// without `separate_tuple_members`).
    tuple: bool,
}

impl Compound<'_, '_> {
    fn item(&mut self) {
        if self.first {
            self.first = false;
        } else if self.inline {
            self.w.out.extend_from_slice(b", ");
        } else {
            self.w.out.extend_from_slice(b",\n");
        }
        if !self.inline {
            self.w.write_indent();
        }
    }

    fn finish(self) -> Result {
        if self.tuple {
        } else if self.inline {
            self.w.inline -= 1;
            // As `ron` leaves it after any struct it closes.
            self.w.is_empty = None;
        } else {
            if !self.first {
                self.w.out.extend_from_slice(b",\n");
            }
            self.w.end_indent();
        }
        self.w.out.push(self.close);
        Ok(())
    }
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        if v < 0 {
            self.out.push(b'-');
        }
        self.uint(v.unsigned_abs());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.uint(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, _v: f64) -> Result {
        // No project field is a float; ron's spelling of them is not copied.
        Err(WriteError("floats are not written".into()))
    }
    fn serialize_char(self, v: char) -> Result {
        self.out.push(b'\'');
        if v == '\\' || v == '\'' {
            self.out.push(b'\\');
        }
        let mut scalar = [0u8; 4];
        self.out
            .extend_from_slice(v.encode_utf8(&mut scalar).as_bytes());
        self.out.push(b'\'');
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        escaped_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(WriteError("byte strings are not written".into()))
    }
    fn serialize_none(self) -> Result {
        self.out.extend_from_slice(b"None");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        self.out.extend_from_slice(b"Some(");
        value.serialize(&mut *self)?;
        self.out.push(b')');
        Ok(())
    }
    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"()");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result {
        self.identifier(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        self.out.push(b'(');
        value.serialize(&mut *self)?;
        self.out.push(b')');
        Ok(())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.identifier(variant)?;
        self.out.push(b'(');
        value.serialize(&mut *self)?;
        self.out.push(b')');
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'w, 'a>> {
        Ok(self.compound(b'[', b']', len, false))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'w, 'a>> {
        Ok(self.tuple(b')'))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w, 'a>> {
        Ok(self.tuple(b')'))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>> {
        self.identifier(variant)?;
        Ok(self.tuple(b')'))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'w, 'a>> {
        Ok(self.compound(b'{', b'}', len, false))
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'w, 'a>> {
        let inline = self.layout.inline.contains(&name);
        Ok(self.compound(b'(', b')', Some(len), inline))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>> {
        self.identifier(variant)?;
        let inline = self.layout.inline.contains(&name);
        Ok(self.compound(b'(', b')', Some(len), inline))
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.item();
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        if !std::mem::take(&mut self.first) {
            self.w.out.extend_from_slice(b", ");
        }
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        ser::SerializeTuple::serialize_element(self, value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        ser::SerializeTuple::serialize_element(self, value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.item();
        key.serialize(&mut *self.w)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.w.out.extend_from_slice(b": ");
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        self.item();
        self.w.identifier(key)?;
        self.w.out.extend_from_slice(b": ");
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

/// Claims formatted per chunk; chunks are formatted in parallel and handed
/// to the sink in order, a few at a time, so the text of a 100,000-claim
/// project never sits in memory whole.
const CHUNK: usize = 1024;

/// Writes `project` as its file text (with the final newline) to `sink`,
/// piece by piece.
pub(super) fn write_project(
    project: &Project,
    layout: Layout,
    sink: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
) -> std::result::Result<(), WriteFailed> {
    // Every field named, so a field added to `Project` does not compile
    // until it is written here too (in the order serde derives it).
    let Project {
        format_version,
        corpus,
        labels,
        documents,
        claims,
        guidelines,
        rejected,
        key,
        assigned,
        datasets,
    } = project;
    let mut buf = Vec::with_capacity(1 << 16);
    buf.extend_from_slice(b"(\n");
    let field = |buf: &mut Vec<u8>, name: &str, value: &dyn erased::Value| -> Result {
        buf.extend_from_slice(INDENT);
        buf.extend_from_slice(name.as_bytes());
        buf.extend_from_slice(b": ");
        value.write(&mut Writer::new(buf, layout, 1))?;
        buf.extend_from_slice(b",\n");
        Ok(())
    };
    field(&mut buf, "format_version", format_version)?;
    field(&mut buf, "corpus", corpus)?;
    field(&mut buf, "labels", labels)?;
    field(&mut buf, "documents", documents)?;
    if claims.is_empty() {
        buf.extend_from_slice(b"    claims: [],\n");
    } else {
        buf.extend_from_slice(b"    claims: [\n");
        sink(&buf)?;
        buf.clear();
        let sorted = claims.sorted();
        // Each window is formatted while the one before it is handed to
        // the sink, so making the text and writing it overlap.
        let mut windows = sorted.chunks(CHUNK * 4);
        let mut ready = windows
            .next()
            .map(|w| format_chunks(w, layout, Vec::new()))
            .transpose()?;
        let mut spare = Vec::new();
        while let Some(texts) = ready.take() {
            let windows = &mut windows;
            let recycled = std::mem::take(&mut spare);
            let (next, written) = beside(
                move || {
                    windows
                        .next()
                        .map(|w| format_chunks(w, layout, recycled))
                        .transpose()
                },
                || texts.iter().try_for_each(|text| sink(text)),
            );
            written?;
            ready = next?;
            spare = texts;
        }
        buf.extend_from_slice(b"    ],\n");
    }
    if !guidelines.is_empty() {
        field(&mut buf, "guidelines", guidelines)?;
    }
    if !rejected.is_empty() {
        field(&mut buf, "rejected", rejected)?;
    }
    if key.is_some() {
        field(&mut buf, "key", key)?;
    }
    if !assigned.is_empty() {
        field(&mut buf, "assigned", assigned)?;
    }
    if !datasets.is_empty() {
        field(&mut buf, "datasets", datasets)?;
    }
    buf.extend_from_slice(b")\n");
    sink(&buf)?;
    Ok(())
}

/// Formats `claims` into `out` (emptied first), so buffers can be reused.
fn format_chunk(claims: &[&Claim], layout: Layout, mut out: Vec<u8>) -> Result<Vec<u8>> {
    out.clear();
    out.reserve(claims.len() * 1024);
    for claim in claims {
        out.extend_from_slice(b"        ");
        claim.serialize(&mut Writer::new(&mut out, layout, 2))?;
        out.extend_from_slice(b",\n");
    }
    Ok(out)
}

/// `claims` formatted in chunks of [`CHUNK`], into the `spare` buffers of
/// an earlier window where there are any: fresh megabyte buffers for every
/// window, made on the pool's threads and freed on this one, left the
/// allocator holding tens of megabytes after a save. In parallel except on
/// the web, which has no threads.
fn format_chunks(
    claims: &[&Claim],
    layout: Layout,
    mut spare: Vec<Vec<u8>>,
) -> Result<Vec<Vec<u8>>> {
    spare.resize_with(claims.len().div_ceil(CHUNK), Vec::new);
    let format = |(chunk, out)| format_chunk(chunk, layout, out);
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        claims.par_chunks(CHUNK).zip(spare).map(format).collect()
    }
    #[cfg(target_arch = "wasm32")]
    claims.chunks(CHUNK).zip(spare).map(format).collect()
}

/// `work` on the thread pool while `here` runs on this thread (the sink
/// need not be `Send`); one after the other on the web, which has no
/// threads.
fn beside<A: Send, B>(work: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut done = None;
        let b = rayon::in_place_scope(|scope| {
            scope.spawn(|_| done = Some(work()));
            here()
        });
        match done {
            Some(a) => (a, b),
            // Only if `work` panicked, which the scope would have resumed.
            None => unreachable!("the scope waits for its work"),
        }
    }
    #[cfg(target_arch = "wasm32")]
    (work(), here())
}

/// Why [`write_project`] stopped: the text could not be made, or the sink
/// failed.
#[derive(Debug, thiserror::Error)]
pub(super) enum WriteFailed {
    #[error("{0}")]
    Format(#[from] WriteError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The whole file text in memory.
pub(super) fn project_text(
    project: &Project,
    layout: Layout,
) -> std::result::Result<String, WriteFailed> {
    let mut out = Vec::new();
    write_project(project, layout, &mut |piece| {
        out.extend_from_slice(piece);
        Ok(())
    })?;
    String::from_utf8(out).map_err(|e| WriteFailed::Format(WriteError(e.to_string())))
}

mod erased {
    //! A field value of any type, so the top-level fields share one helper.
    use super::{Result, Writer};

    pub trait Value {
        fn write(&self, w: &mut Writer<'_>) -> Result;
    }

    impl<T: serde::Serialize> Value for T {
        fn write(&self, w: &mut Writer<'_>) -> Result {
            self.serialize(w)
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::project::model::{
        AnswerKey, ClaimId, DocumentInfo, Evidence, Feedback, KeyInfo, Label, Mark, MergeConflict,
        Rubric, Span,
    };
    use proptest::prelude::*;

    /// Text with everything `ron` escapes or might trip over: quotes,
    /// backslashes, control characters, combining marks, invisible and
    /// astral characters, plus anything at all.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => "[a-z \"'\\\\\n\t\r\u{0}\u{1b}\u{7f}\u{301}é«»😀中\u{200b}\u{feff}\u{85}\u{2028}#:(),\\[\\]{}]{0,12}",
            1 => any::<String>(),
        ]
    }

    fn span() -> impl Strategy<Value = Span> {
        (
            text(),
            0usize..100_000,
            1usize..5000,
            text(),
            text(),
            text(),
            any::<bool>(),
        )
            .prop_map(|(doc, start, len, quote, prefix, suffix, detached)| Span {
                doc,
                start,
                end: start + len,
                quote,
                prefix,
                suffix,
                detached,
            })
    }

    fn evidence() -> impl Strategy<Value = Evidence> {
        (text(), span(), text(), text(), text()).prop_map(
            |(id, span, relation, annotator, created)| Evidence {
                id,
                span,
                relation,
                annotator,
                created,
            },
        )
    }

    fn mark() -> impl Strategy<Value = Mark> {
        prop_oneof![
            Just(Mark::Found),
            Just(Mark::WrongLabel),
            Just(Mark::Missed),
            Just(Mark::Extra)
        ]
    }

    fn claim() -> impl Strategy<Value = Claim> {
        let head = (
            text(),
            span(),
            prop::option::of(text()),
            any::<bool>(),
            text(),
            text(),
            text(),
            text(),
            prop::collection::vec(evidence(), 0..3),
        );
        let tail = (
            prop::option::of((prop::option::of(text()), text())),
            prop::collection::vec(text(), 0..3),
            prop::option::of((any::<bool>(), text())),
            prop::option::of((
                mark(),
                any::<bool>(),
                any::<bool>(),
                prop::option::of(text()),
                text(),
            )),
        );
        (head, tail).prop_map(
            |(
                (id, span, label, from_ev, note, annotator, created, modified, evidence),
                (conflict, sources, key_info, feedback),
            )| Claim {
                id: ClaimId(id),
                span,
                label,
                label_from_evidence: from_ev,
                note,
                annotator,
                created,
                modified,
                evidence,
                conflict: conflict.map(|(other, reason)| {
                    Box::new(MergeConflict {
                        other: other.map(ClaimId),
                        reason,
                    })
                }),
                sources,
                key_info: key_info.map(|(required, explanation)| {
                    Box::new(KeyInfo {
                        required,
                        explanation,
                    })
                }),
                feedback: feedback.map(|(mark, from_key, bonus, matched, explanation)| {
                    Box::new(Feedback {
                        mark,
                        from_key,
                        bonus,
                        matched: matched.map(ClaimId),
                        explanation,
                    })
                }),
            },
        )
    }

    fn label() -> impl Strategy<Value = Label> {
        (
            text(),
            text(),
            text(),
            prop::option::of(any::<char>()),
            prop::option::of(text()),
            prop::option::of(text()),
        )
            .prop_map(|(id, name, color, key, fever, nli)| Label {
                id,
                name,
                color,
                key,
                fever,
                nli,
            })
    }

    /// `ron`'s pretty printer as project files were first written with it;
    /// the fast writer is checked against it.
    fn pretty_config() -> ron::ser::PrettyConfig {
        ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .struct_names(false)
    }

    pub(in crate::project) fn project() -> impl Strategy<Value = Project> {
        (
            (
                0u32..5,
                text(),
                prop::collection::vec(label(), 0..4),
                prop::collection::btree_map(
                    text(),
                    (text(), any::<bool>(), 0u64..100_000).prop_map(
                        |(hash, done, active_seconds)| DocumentInfo {
                            hash,
                            done,
                            active_seconds,
                            extractor: None,
                        },
                    ),
                    0..4,
                ),
            ),
            (
                prop::collection::vec(claim(), 0..6),
                text(),
                prop::collection::btree_set(text(), 0..3),
                prop::option::of((
                    text(),
                    prop::option::of((0u32..10, 0u32..10, 0u32..10, 0u32..10)),
                )),
            ),
        )
            .prop_map(
                |(
                    (format_version, corpus, labels, documents),
                    (claims, guidelines, rejected, key),
                )| {
                    let mut project = Project::new(corpus);
                    project.format_version = format_version;
                    project.labels = labels;
                    project.documents = documents;
                    for claim in claims {
                        project.claims.insert(claim);
                    }
                    project.guidelines = guidelines;
                    project.rejected = rejected;
                    project.key = key.map(|(instructions, rubric)| AnswerKey {
                        instructions,
                        rubric: rubric.map(|(f, l, e, x)| Rubric {
                            points_found: f,
                            points_label: l,
                            points_evidence: e,
                            penalty_extra: x,
                        }),
                    });
                    project
                },
            )
    }

    fn ron_pretty(project: &Project) -> String {
        let mut text = ron::Options::default()
            .to_string_pretty(project, pretty_config())
            .unwrap();
        text.push('\n');
        text
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn writes_exactly_what_ron_pretty_prints(project in project()) {
            let ours = project_text(&project, Layout::RON_PRETTY).unwrap();
            prop_assert_eq!(ours, ron_pretty(&project));
        }

        #[test]
        fn project_layout_is_read_back_by_ron_and_by_the_fast_reader(project in project()) {
            let text = project_text(&project, Layout::PROJECT).unwrap();
            let by_ron: Project = ron::from_str(&text).unwrap();
            prop_assert_eq!(&by_ron, &project);
            let fast: Project = crate::project::ron_read::from_str(&text).unwrap();
            prop_assert_eq!(&fast, &project);
            // Deterministic: the project read back writes the same bytes.
            prop_assert_eq!(project_text(&fast, Layout::PROJECT).unwrap(), text);
        }

        #[test]
        fn fast_reader_reads_ron_pretty_files_as_ron_does(project in project()) {
            let text = ron_pretty(&project);
            let fast: Project = crate::project::ron_read::from_str(&text).unwrap();
            prop_assert_eq!(fast, project);
        }

        /// A file cut or changed anywhere: the fast reader either refuses
        /// it (and ron decides) or reads what ron reads.
        #[test]
        fn fast_reader_never_disagrees_with_ron(
            project in project(),
            cut in any::<prop::sample::Index>(),
            junk in "[\"\\\\(),:\\[\\]{} a-z0-9'/#-]{0,3}",
        ) {
            let text = project_text(&project, Layout::PROJECT).unwrap();
            let mut at = cut.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let skip = junk.len().min(text.len() - at);
            let mut end = at + skip;
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let changed = format!("{}{}{}", &text[..at], junk, &text[end..]);
            if let Ok(fast) = crate::project::ron_read::from_str::<Project>(&changed) {
                let by_ron: std::result::Result<Project, _> = ron::from_str(&changed);
                prop_assert_eq!(Some(fast), by_ron.ok());
            }
        }
    }

    #[test]
    fn a_span_is_one_line() {
        let mut project = Project::new(".");
        let span = Span {
            doc: "a.txt".into(),
            start: 3,
            end: 9,
            quote: "police".into(),
            prefix: "The ".into(),
            suffix: " said".into(),
            detached: false,
        };
        let mut claim = Claim::new(span, Some("agrees".into()), "ana", "2026-01-01T00:00:00Z");
        claim.id = ClaimId("c1".into());
        project.claims.insert(claim);
        let text = project_text(&project, Layout::PROJECT).unwrap();
        assert!(
            text.contains(
                "\n            span: (doc: \"a.txt\", start: 3, end: 9, quote: \"police\", prefix: \"The \", suffix: \" said\"),\n"
            ),
            "{text}"
        );
    }
}
