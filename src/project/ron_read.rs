//! A fast reader for the RON that project files are written in: a serde
//! deserializer for the part of RON that [`ron_write`](super::ron_write)
//! and `ron`'s pretty printer produce (structs without names, lists, maps,
//! strings with `ron`'s escapes, decimal integers, chars, `Some`/`None`,
//! unit enum variants). Anything else in a file — comments, raw strings,
//! struct names, hex numbers, extensions — is not an error here but a
//! reason to let `ron` read the file instead: [`from_str`] returning `Err`
//! only says "not in the subset", and the caller then parses with `ron`,
//! which is also what reports where a broken file is broken. Within the
//! subset the two readers agree (tested against `ron`).

use serde::de::{self, DeserializeSeed, Visitor};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct NotFast(String);

impl de::Error for NotFast {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, NotFast>;

fn no<T>(what: &str) -> Result<T> {
    Err(NotFast(what.to_owned()))
}

/// `ron`'s default recursion limit: deeper files go to `ron`, which says so.
const DEPTH_LIMIT: usize = 128;

pub(super) fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut reader)?;
    reader.ws();
    if reader.pos != reader.bytes.len() {
        return no("text after the value");
    }
    Ok(value)
}

/// Claims one after another, each followed by a comma, as a piece of a
/// file's claims list (see `blocks.rs`); whitespace around them. Each claim
/// is handed to `take` as soon as it is read.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn claims_from_str(text: &str, take: &mut dyn FnMut(super::model::Claim)) -> Result<()> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    loop {
        reader.ws();
        if reader.pos == reader.bytes.len() {
            return Ok(());
        }
        take(de::Deserialize::deserialize(&mut reader)?);
        reader.ws();
        reader.expect(b',')?;
    }
}

pub(super) struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    depth: usize,
}

/// Which bytes continue an identifier, by table: a 100,000-claim load
/// reads two million field names.
const IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || byte == b'_';
        b += 1;
    }
    table
};

fn is_ident_byte(b: u8) -> bool {
    IDENT[usize::from(b)]
}

impl<'de> Reader<'de> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.eat(b) {
            Ok(())
        } else {
            no("unexpected character")
        }
    }

    /// `word` as a whole identifier (not the start of a longer one).
    fn eat_word(&mut self, word: &str) -> bool {
        self.ws();
        let end = self.pos + word.len();
        let matches = self.bytes.get(self.pos..end) == Some(word.as_bytes())
            && !self.bytes.get(end).copied().is_some_and(is_ident_byte);
        if matches {
            self.pos = end;
        }
        matches
    }

    fn ident(&mut self) -> Result<&'de str> {
        self.ws();
        let start = self.pos;
        match self.bytes.get(self.pos) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return no("expected an identifier"),
        }
        self.pos += self.bytes[self.pos..]
            .iter()
            .position(|&b| !is_ident_byte(b))
            .unwrap_or(self.bytes.len() - self.pos);
        // `r#raw` identifiers and non-ASCII ones are left to ron.
        if matches!(self.bytes.get(self.pos), Some(b'#') | Some(0x80..)) {
            return no("raw or non-ASCII identifier");
        }
        Ok(&self.text[start..self.pos])
    }

    fn nest(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > DEPTH_LIMIT {
            return no("nested too deeply");
        }
        Ok(())
    }

    fn unnest(&mut self) {
        self.depth -= 1;
    }

    /// Digits of a decimal integer, with its sign.
    fn integer(&mut self) -> Result<(bool, u64)> {
        self.ws();
        let negative = self.bytes.get(self.pos) == Some(&b'-');
        if negative {
            self.pos += 1;
        }
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(&b) = self.bytes.get(self.pos) {
            if !b.is_ascii_digit() {
                break;
            }
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(b - b'0')))
                .ok_or(NotFast("integer too large".into()))?;
            self.pos += 1;
        }
        let digits = self.pos - start;
        // `0x…`, `1_000`, `1.5`, `1e3`, `12u8`, leading zeros: ron's.
        let odd_next = self
            .bytes
            .get(self.pos)
            .is_some_and(|&b| is_ident_byte(b) || b == b'.');
        let leading_zero = digits > 1 && self.bytes[start] == b'0';
        if digits == 0 || odd_next || leading_zero {
            return no("not a plain decimal integer");
        }
        Ok((negative, value))
    }

    fn unsigned(&mut self) -> Result<u64> {
        match self.integer()? {
            (false, v) => Ok(v),
            (true, 0) => Ok(0),
            (true, _) => no("negative"),
        }
    }

    fn signed(&mut self) -> Result<i64> {
        let (negative, v) = self.integer()?;
        if negative {
            0i64.checked_sub_unsigned(v)
        } else {
            i64::try_from(v).ok()
        }
        .ok_or(NotFast("integer out of range".into()))
    }

    /// A string: borrowed when it has no escapes.
    fn string(&mut self) -> Result<std::borrow::Cow<'de, str>> {
        self.expect(b'"')?;
        let start = self.pos;
        let rest = &self.bytes[start..];
        let Some(end) = memchr::memchr2(b'"', b'\\', rest) else {
            return no("unterminated string");
        };
        if rest[end] == b'"' {
            self.pos = start + end + 1;
            return Ok(std::borrow::Cow::Borrowed(&self.text[start..start + end]));
        }
        let mut owned = String::with_capacity(end + 16);
        owned.push_str(&self.text[start..start + end]);
        self.pos = start + end;
        loop {
            let rest = &self.bytes[self.pos..];
            let Some(next) = memchr::memchr2(b'"', b'\\', rest) else {
                return no("unterminated string");
            };
            owned.push_str(&self.text[self.pos..self.pos + next]);
            self.pos += next;
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return Ok(std::borrow::Cow::Owned(owned));
            }
            self.pos += 1;
            owned.push(self.escape()?);
        }
    }

    /// After a backslash: the escapes `ron` reads, except `\x` and line
    /// continuations (left to ron).
    fn escape(&mut self) -> Result<char> {
        let Some(&b) = self.bytes.get(self.pos) else {
            return no("unterminated escape");
        };
        self.pos += 1;
        Ok(match b {
            b'\'' => '\'',
            b'"' => '"',
            b'\\' => '\\',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'u' => {
                if self.bytes.get(self.pos) != Some(&b'{') {
                    return no("bad unicode escape");
                }
                self.pos += 1;
                let start = self.pos;
                while self.bytes.get(self.pos).is_some_and(u8::is_ascii_hexdigit) {
                    self.pos += 1;
                }
                let digits = &self.text[start..self.pos];
                if digits.is_empty() || digits.len() > 6 || self.bytes.get(self.pos) != Some(&b'}')
                {
                    return no("bad unicode escape");
                }
                self.pos += 1;
                u32::from_str_radix(digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or(NotFast("bad unicode escape".into()))?
            }
            _ => return no("escape left to ron"),
        })
    }

    fn char(&mut self) -> Result<char> {
        self.expect(b'\'')?;
        let Some(c) = self.text[self.pos..].chars().next() else {
            return no("unterminated char");
        };
        self.pos += c.len_utf8();
        let c = if c == '\\' { self.escape()? } else { c };
        if self.bytes.get(self.pos) != Some(&b'\'') {
            return no("unterminated char");
        }
        self.pos += 1;
        Ok(c)
    }

    /// Steps over one value of any shape (a field the model does not know).
    fn skip_value(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'\'') => self.char().map(drop),
            Some(open @ (b'(' | b'[' | b'{')) => {
                let close = match open {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                self.pos += 1;
                self.nest()?;
                loop {
                    if self.eat(close) {
                        break;
                    }
                    self.skip_value()?;
                    if self.eat(b':') {
                        self.skip_value()?;
                    }
                    if !self.eat(b',') {
                        self.expect(close)?;
                        break;
                    }
                }
                self.unnest();
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => self.integer().map(drop),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                self.ident()?;
                if self.peek() == Some(b'(') {
                    self.skip_value()?;
                }
                Ok(())
            }
            _ => no("unexpected character"),
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = NotFast;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b'"') => self.deserialize_str(visitor),
            Some(b'\'') => self.deserialize_char(visitor),
            Some(b'[') => self.deserialize_seq(visitor),
            Some(b'{') => self.deserialize_map(visitor),
            Some(b'-') => self.deserialize_i64(visitor),
            Some(b'0'..=b'9') => self.deserialize_u64(visitor),
            Some(b't' | b'f') => self.deserialize_bool(visitor),
            Some(b'S' | b'N') => self.deserialize_option(visitor),
            // `(…)` is a struct, a tuple or a unit to ron depending on
            // what it holds: left to ron.
            _ => no("ambiguous value"),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat_word("true") {
            visitor.visit_bool(true)
        } else if self.eat_word("false") {
            visitor.visit_bool(false)
        } else {
            no("expected a bool")
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        no("floats are left to ron")
    }
    fn deserialize_f64<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        no("floats are left to ron")
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() != Some(b'\'') {
            return no("expected a char");
        }
        visitor.visit_char(self.char()?)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() != Some(b'"') {
            return no("expected a string");
        }
        match self.string()? {
            std::borrow::Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            std::borrow::Cow::Owned(s) => visitor.visit_string(s),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        no("byte strings are left to ron")
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        no("byte strings are left to ron")
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.eat_word("None") {
            return visitor.visit_none();
        }
        if !self.eat_word("Some") {
            return no("expected an option");
        }
        self.expect(b'(')?;
        self.nest()?;
        let value = visitor.visit_some(&mut *self)?;
        self.unnest();
        // `Some(a, b)` and `Some(x,)` are ron's to judge.
        self.expect(b')')?;
        Ok(value)
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.expect(b')')?;
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        // ron reads both `(x)` and a bare `x` here; none of the model's
        // types is a plain newtype, so the choice is left to ron.
        no("newtype structs are left to ron")
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        self.nest()?;
        let value = visitor.visit_seq(Items {
            r: &mut *self,
            close: b']',
            done: false,
        })?;
        self.unnest();
        self.expect(b']')?;
        Ok(value)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        no("tuples are left to ron")
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value> {
        no("tuple structs are left to ron")
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'{')?;
        self.nest()?;
        let value = visitor.visit_map(Entries {
            r: &mut *self,
            close: b'}',
            fields: false,
            done: false,
        })?;
        self.unnest();
        self.expect(b'}')?;
        Ok(value)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // A struct name before the bracket is ron's to check.
        self.expect(b'(')?;
        self.nest()?;
        let value = visitor.visit_map(Entries {
            r: &mut *self,
            close: b')',
            fields: true,
            done: false,
        })?;
        self.unnest();
        self.expect(b')')?;
        Ok(value)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let variant = self.ident()?;
        if self.peek() == Some(b'(') {
            return no("enum variants with data are left to ron");
        }
        visitor.visit_enum(de::value::StrDeserializer::<NotFast>::new(variant))
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

/// The items of a list, with an optional trailing comma.
struct Items<'r, 'de> {
    r: &'r mut Reader<'de>,
    close: u8,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = NotFast;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done || self.r.peek() == Some(self.close) {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.r)?;
        if !self.r.eat(b',') {
            self.done = true;
        }
        Ok(Some(value))
    }
}

/// The entries of a map (`"key": value`) or the fields of a struct
/// (`name: value`).
struct Entries<'r, 'de> {
    r: &'r mut Reader<'de>,
    close: u8,
    /// Keys are identifiers, not values.
    fields: bool,
    done: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = NotFast;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done || self.r.peek() == Some(self.close) {
            return Ok(None);
        }
        let key = if self.fields {
            let name = self.r.ident()?;
            seed.deserialize(de::value::BorrowedStrDeserializer::<NotFast>::new(name))?
        } else {
            seed.deserialize(&mut *self.r)?
        };
        self.r.expect(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.r)?;
        if !self.r.eat(b',') {
            self.done = true;
        }
        Ok(value)
    }
}
