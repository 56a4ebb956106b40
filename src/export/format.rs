//! The export formats: their names, descriptions and default file names.

/// The export formats, in the order menus list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Fever,
    Nli,
    Csv,
    Doccano,
    Brat,
    Documents,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Fever,
        Format::Nli,
        Format::Csv,
        Format::Doccano,
        Format::Brat,
        Format::Documents,
    ];

    /// The name used on the command line (`--format fever`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Fever => "fever",
            Format::Nli => "nli",
            Format::Csv => "csv",
            Format::Doccano => "doccano",
            Format::Brat => "brat",
            Format::Documents => "documents",
        }
    }

    /// One line for a menu or `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Format::Fever => "FEVER-style JSON Lines: one claim a line with its evidence",
            Format::Nli => {
                "NLI pairs as JSON Lines: one evidence link a line (premise, hypothesis, label)"
            }
            Format::Csv => "CSV for spreadsheets: one claim a row (UTF-8 with BOM)",
            Format::Doccano => {
                "doccano sequence-labelling JSON Lines: one document a line with its spans"
            }
            Format::Brat => {
                "brat standoff folder: <doc>.txt and <doc>.ann per document, annotation.conf"
            }
            Format::Documents => "document texts as JSON Lines: id, text, SHA-256, encoding",
        }
    }

    /// Whether the export is a folder rather than a single file.
    pub fn writes_folder(self) -> bool {
        matches!(self, Format::Brat)
    }

    /// The file (or folder) name a save dialog proposes.
    pub fn default_file_name(self) -> &'static str {
        match self {
            Format::Fever => "fever.jsonl",
            Format::Nli => "nli.jsonl",
            Format::Csv => "claims.csv",
            Format::Doccano => "doccano.jsonl",
            Format::Brat => "brat",
            Format::Documents => "documents.jsonl",
        }
    }

    /// The extension a save dialog filters on; `None` for the folder format.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Format::Csv => Some("csv"),
            Format::Brat => None,
            _ => Some("jsonl"),
        }
    }

    /// The format with command line name `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
