use proptest::prelude::*;

use super::*;

const REPORT: &[u8] = include_bytes!("../../../tests/fixtures/pdf/report.pdf");
const PLAIN: &[u8] = include_bytes!("../../../tests/fixtures/pdf/plain.pdf");
const SCANNED: &[u8] = include_bytes!("../../../tests/fixtures/pdf/scanned.pdf");
const ENCRYPTED: &[u8] = include_bytes!("../../../tests/fixtures/pdf/encrypted.pdf");
const BROKEN: &[u8] = include_bytes!("../../../tests/fixtures/pdf/broken.pdf");

/// What report.pdf says (tests/make_pdf_fixtures.py draws it).
const REPORT_TEXT: &str = "Annual Report 2023: Roads and Rail\n\n\
The ministry spent 4.2 billion euros on roads and rail in 2023, an increase of twelve per cent on the year before. Most of the money went to maintenance of existing lines rather than to new construction.\n\n\
Passenger numbers on regional trains rose for the third year running. The ministry attributes the rise to lower fares and to better connections between rural stations and town centres, where a station café is often the only shop still open in the evening.\n\n\
Freight volumes fell slightly. Operators blamed the closure of two river ports for repairs and a shortage of drivers, which the ministry expects to ease when the new training scheme opens next spring and its first graduates start work.\n\n\
Road safety improved as well: the number of people killed on national roads fell to 212, the lowest figure since records began. A new system for information on road works, launched in May, now warns drivers of closures a week ahead.\n\n\
The report also notes that the ministry’s own emissions fell by eight per cent, mainly because its fleet of service vehicles is now largely electric.\n\n\
Looking ahead, the ministry plans to spend more on cycling paths and on the re-opening of three branch lines closed in the 1970s, among them the North-South line. A decision on the third line is expected by the end of the year.\n\n\
Questions about this report can be sent to the press office.";

#[test]
fn the_report_reads_as_its_paragraphs() {
    let article = extract_pdf(REPORT).unwrap();
    assert_eq!(article.text, REPORT_TEXT);
    assert_eq!(article.pages, 3);
}

#[test]
fn the_report_has_no_header_or_page_number_lines_and_joins_hyphens() {
    let text = extract_pdf(REPORT).unwrap().text;
    assert!(!text.contains("Ministry of Transport"), "{text}");
    assert!(!text.contains("Page "), "{text}");
    assert!(text.contains("information on road works"));
    assert!(!text.contains("informa-"));
    assert!(text.contains("café"));
    assert!(!text.contains('\r') && !text.contains("\n\n\n") && !text.contains("  "));
}

#[test]
fn the_info_dictionary_gives_title_author_and_date() {
    let article = extract_pdf(REPORT).unwrap();
    assert_eq!(
        article.title.as_deref(),
        Some("Annual Report 2023: Roads and Rail")
    );
    assert_eq!(article.author.as_deref(), Some("Jane Doe"));
    assert_eq!(article.published.as_deref(), Some("2024-03-05"));
}

#[test]
fn without_info_the_title_is_the_first_line() {
    let article = extract_pdf(PLAIN).unwrap();
    assert_eq!(
        article.title.as_deref(),
        Some("Council Approves New Budget")
    );
    assert_eq!(article.author, None);
    assert_eq!(article.published, None);
    assert_eq!(
        article.text,
        "Council Approves New Budget\n\n\
         The city council approved the budget for next year on Tuesday evening."
    );
}

#[test]
fn each_refusal_says_why() {
    assert_eq!(extract_pdf(SCANNED), Err(PdfError::NoTextLayer));
    assert_eq!(extract_pdf(ENCRYPTED), Err(PdfError::Encrypted));
    assert!(matches!(extract_pdf(BROKEN), Err(PdfError::Broken(_))));
    assert_eq!(
        extract_pdf(b"<html>not a pdf</html>"),
        Err(PdfError::Broken("not a PDF".into()))
    );
    assert_eq!(extract_pdf(b""), Err(PdfError::Broken("not a PDF".into())));
    assert_eq!(PdfError::Encrypted.to_string(), "encrypted PDF");
    assert_eq!(
        PdfError::NoTextLayer.to_string(),
        "no text layer (a scanned PDF?)"
    );
    assert_eq!(
        PdfError::Broken("not a PDF".into()).to_string(),
        "broken PDF: not a PDF"
    );
}

/// A PDF of `pages` empty pages, written out as the fixtures are.
fn pdf_with_pages(pages: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let mut obj = |out: &mut Vec<u8>, body: String| {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", offsets.len()).as_bytes());
    };
    obj(&mut out, "<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 3)).collect();
    obj(
        &mut out,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
    );
    for _ in 0..pages {
        obj(
            &mut out,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".into(),
        );
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn too_many_pages_are_refused() {
    assert_eq!(
        extract_pdf(&pdf_with_pages(MAX_PDF_PAGES + 1)),
        Err(PdfError::TooManyPages {
            pages: MAX_PDF_PAGES + 1,
            limit: MAX_PDF_PAGES
        })
    );
    // Pages without content are pages without text.
    assert_eq!(extract_pdf(&pdf_with_pages(2)), Err(PdfError::NoTextLayer));
}

#[test]
fn a_form_that_draws_itself_is_refused() {
    let content = b"/Fm1 Do";
    let doc = String::from_utf8_lossy(REPORT).to_string();
    // The report's first page given a form that draws itself.
    let _ = doc;
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let bodies = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Fm1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        format!(
            "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length {} >>\nstream\n{}\nendstream",
            content.len(),
            String::from_utf8_lossy(content)
        ),
        format!(
            "<< /Length {} >>\nstream\n{}\nendstream",
            content.len(),
            String::from_utf8_lossy(content)
        ),
    ];
    for (i, body) in bodies.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    assert!(matches!(extract_pdf(&out), Err(PdfError::Broken(_))));
}

#[test]
fn pdf_dates_become_calendar_dates() {
    assert_eq!(
        pdf_date("D:20240305120000+01'00'").as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(pdf_date("20231231").as_deref(), Some("2023-12-31"));
    assert_eq!(pdf_date("D:2024"), None);
    assert_eq!(pdf_date("D:20241305"), None);
    assert_eq!(pdf_date("D:2024é305"), None);
}

#[test]
fn file_names_are_not_titles() {
    assert!(looks_like_file_name("Microsoft Word - draft 3.docx"));
    assert!(looks_like_file_name("report.pdf"));
    assert!(!looks_like_file_name("Annual Report 2023"));
}

#[test]
fn pdf_paths() {
    assert!(is_pdf_path(Path::new("a/b.pdf")));
    assert!(is_pdf_path(Path::new("B.PDF")));
    assert!(!is_pdf_path(Path::new("b.pdf.txt")));
    assert!(!is_pdf_path(Path::new("pdf")));
}

#[test]
fn every_truncation_of_the_report_is_read_or_refused() {
    // Many cut points, the end's most of all (where the xref and trailer are).
    let len = REPORT.len();
    let cuts = (0..len).step_by(61).chain(len.saturating_sub(200)..len);
    for cut in cuts {
        let got = extract_pdf(&REPORT[..cut]);
        if let Ok(article) = got {
            assert!(!article.text.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = extract_pdf(&bytes);
        let mut with_header = b"%PDF-1.4\n".to_vec();
        with_header.extend_from_slice(&bytes);
        let _ = extract_pdf(&with_header);
    }

    #[test]
    fn flipped_bytes_of_the_report_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let mut bytes = REPORT.to_vec();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Ok(article) = extract_pdf(&bytes) {
            prop_assert!(!article.text.contains("\n\n\n"));
            prop_assert!(!article.text.contains('\r'));
        }
    }
}
