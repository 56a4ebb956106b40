#!/usr/bin/env python3
"""Writes the PDF fixtures of src/extract/pdf.rs into tests/fixtures/pdf/.

Rerun from the repository's root with

    python3 tests/make_pdf_fixtures.py

and commit the PDFs it writes: the tests read the committed files and need no
Python. Standard library only; the PDFs are written by hand (objects, xref
table, trailer) with the standard Type 1 font Helvetica in WinAnsiEncoding,
so that what the tests expect follows from the lines below and nothing else.

  report.pdf     3 pages: a running header, a title line, paragraphs of
                 lines wrapped at about 80 characters (gaps and a first-line
                 indent between them, one running on to the next page), a
                 word hyphenated at a line end, "café", page numbers at the
                 bottom; Tj and TJ; page 3's content is Flate-compressed.
  plain.pdf      1 page, no Info dictionary: the title is the first line.
  scanned.pdf    1 page with only an image XObject, no font and no text.
  encrypted.pdf  report.pdf's first page with a (dummy) standard security
                 handler /Encrypt dictionary in the trailer.
  broken.pdf     report.pdf cut to its first half.
"""

import os
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "pdf")

HEADER = "Ministry of Transport \u2014 Annual Report"
TITLE = "Annual Report 2023: Roads and Rail"

# Each page: a list of paragraphs; a paragraph is (indent, lines). A page's
# first paragraph with indent None continues the previous page's last one.
PAGES = [
    [
        (0, [
            "The ministry spent 4.2 billion euros on roads and rail in 2023, an increase of",
            "twelve per cent on the year before. Most of the money went to maintenance of",
            "existing lines rather than to new construction.",
        ]),
        (0, [
            "Passenger numbers on regional trains rose for the third year running. The",
            "ministry attributes the rise to lower fares and to better connections between",
            "rural stations and town centres, where a station caf\u00e9 is often the only shop",
            "still open in the evening.",
        ]),
        # Set apart by its first line's indent alone, no larger gap.
        ("indent", [
            "Freight volumes fell slightly. Operators blamed the closure of two river ports",
            "for repairs and a shortage of drivers, which the ministry expects to ease when",
            "the new training scheme opens next spring and its first",
        ]),
    ],
    [
        (None, ["graduates start work."]),
        (0, [
            "Road safety improved as well: the number of people killed on national roads",
            "fell to 212, the lowest figure since records began. A new system for informa-",
            "tion on road works, launched in May, now warns drivers of closures a week",
            "ahead.",
        ]),
        ("tj", [
            "The report also notes that the ministry\u2019s own emissions fell by eight per",
            "cent, mainly because its fleet of service vehicles is now largely electric.",
        ]),
    ],
    [
        (0, [
            "Looking ahead, the ministry plans to spend more on cycling paths and on the",
            "re-opening of three branch lines closed in the 1970s, among them the North-",
            "South line. A decision on the third line is expected by the end of the year.",
        ]),
        (0, ["Questions about this report can be sent to the press office."]),
    ],
]

LEFT = 72
LEADING = 14
GAP = 10  # extra space between paragraphs
INDENT = 18


def pdf_string(text):
    """A literal string in WinAnsiEncoding (cp1252), escaped."""
    raw = text.encode("cp1252")
    out = bytearray(b"(")
    for b in raw:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += b"\\%03o" % b
        else:
            out.append(b)
    out += b")"
    return bytes(out)


def tj_array(text):
    """The line as a TJ array: words kerned a little, spaces kept as glyphs."""
    parts = []
    for i, word in enumerate(text.split(" ")):
        if i:
            word = " " + word
        parts.append(pdf_string(word[:2]))
        if len(word) > 2:
            parts.append(b"-15")
            parts.append(pdf_string(word[2:]))
    return b"[" + b" ".join(parts) + b"] TJ"


def text_at(x, y, size, text, font=b"/F1"):
    return b"BT %s %d Tf %d %d Td %s Tj ET\n" % (font, size, x, y, pdf_string(text))


def page_content(number, count, paragraphs, with_title):
    out = bytearray()
    out += text_at(LEFT, 760, 9, HEADER)
    y = 720
    if with_title:
        out += text_at(LEFT, y, 18, TITLE, b"/F2")
        y -= 30
    for i, (kind, lines) in enumerate(paragraphs):
        if i and kind != "indent":
            y -= GAP
        # One text object per paragraph, lines moved down with Td.
        first_x = LEFT + INDENT if kind == "indent" else LEFT
        out += b"BT /F1 11 Tf %d %d Td\n" % (first_x, y)
        for j, line in enumerate(lines):
            if j:
                dx = LEFT - first_x if j == 1 else 0
                out += b"%d %d Td\n" % (dx, -LEADING)
            out += (tj_array(line) if kind == "tj" else pdf_string(line) + b" Tj") + b"\n"
            y -= LEADING
        out += b"ET\n"
    out += text_at(270, 40, 9, "Page %d of %d" % (number, count))
    return bytes(out)


class Pdf:
    def __init__(self):
        self.objects = []

    def add(self, body):
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data, extra=b"", compress=False):
        if compress:
            data = zlib.compress(data)
            extra += b" /Filter /FlateDecode"
        return self.add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")

    def write(self, root, info=None, trailer_extra=b""):
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(self.objects) + 1, root)
        if info:
            out += b" /Info %d 0 R" % info
        out += trailer_extra + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)


def fonts(pdf):
    f1 = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    f2 = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    return b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> >>" % (f1, f2)


def document(pages_content, info=None, trailer_extra=b"", encrypt=None):
    """pages_content: a list of (content bytes, compress) or of page dict tails."""
    pdf = Pdf()
    resources = fonts(pdf)
    catalog = pdf.add(b"")  # filled in below, once the page tree's number is known
    pages_id = pdf.add(b"")
    kids = []
    for content, compress, res in pages_content:
        c = pdf.stream(content, compress=compress)
        kids.append(pdf.add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
            % (pages_id, res if res is not None else resources, c)))
    pdf.objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    pdf.objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info_id = pdf.add(info) if info else None
    if encrypt:
        enc = pdf.add(encrypt)
        trailer_extra += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (enc, b"ab" * 16, b"ab" * 16)
    return pdf.write(catalog, info_id, trailer_extra)


INFO = (b"<< /Title " + pdf_string(TITLE) + b" /Author (Jane Doe) /Producer (make_pdf_fixtures.py)"
        b" /CreationDate (D:20240305120000+01'00') >>")


def report():
    count = len(PAGES)
    return document(
        [(page_content(n, count, paras, n == 1), n == 3, None) for n, paras in enumerate(PAGES, 1)],
        info=INFO,
    )


def plain():
    content = text_at(LEFT, 720, 16, "Council Approves New Budget", b"/F2")
    content += b"BT /F1 11 Tf 72 690 Td " + pdf_string(
        "The city council approved the budget for next year on Tuesday evening.") + b" Tj ET\n"
    return document([(content, False, None)])


def scanned():
    pdf = Pdf()
    # An 8x8 grey image drawn over the whole page, as a scanner writes it.
    pixels = bytes((x * 32 + y * 4) % 256 for y in range(8) for x in range(8))
    image = pdf.stream(pixels, b" /Type /XObject /Subtype /Image /Width 8 /Height 8"
                               b" /ColorSpace /DeviceGray /BitsPerComponent 8")
    content = pdf.stream(b"q 612 0 0 792 0 0 cm /Im1 Do Q\n")
    catalog = pdf.add(b"")
    pages_id = pdf.add(b"")
    page = pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]"
                   b" /Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>"
                   % (pages_id, image, content))
    pdf.objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    pdf.objects[pages_id - 1] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
    info = pdf.add(b"<< /Producer (make_pdf_fixtures.py scanner) >>")
    return pdf.write(catalog, info)


def encrypted():
    # A standard security handler's dictionary with made-up keys: no password
    # opens it, and the extractor refuses any /Encrypt before trying one.
    encrypt = (b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -3904"
               b" /O <" + b"5c" * 32 + b"> /U <" + b"a7" * 32 + b"> >>")
    return document([(page_content(1, 1, PAGES[0], True), False, None)], info=INFO, encrypt=encrypt)


def main():
    os.makedirs(OUT, exist_ok=True)
    whole = report()
    files = {
        "report.pdf": whole,
        "plain.pdf": plain(),
        "scanned.pdf": scanned(),
        "encrypted.pdf": encrypted(),
        "broken.pdf": whole[: len(whole) // 2],
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print("wrote", ", ".join(sorted(files)), "to", OUT)


if __name__ == "__main__":
    main()
