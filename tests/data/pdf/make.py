"""Makes the PDF fixtures of tests/hostile.rs and the PDF import tests (reportlab 4+):
article.pdf — a three-page article with a running header and page-number footer, words
hyphenated at line ends, a paragraph running over a page break, accents and curly quotes;
scan.pdf — a page with only a drawn picture (no text layer), as a scanner makes.
Run: python3 tests/data/pdf/make.py (pip install reportlab)."""
import os
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen import canvas

here = os.path.dirname(os.path.abspath(__file__))
W, H = A5

# Lines as set by a typesetter: long words split with a hyphen at the end of a line.
pages = [
    [
        "Dockers in Port Veyra ended their strike on Mon-",
        "day after the union and the port authority signed",
        "a deal, the mayor, Hélène Marchetti, told reporters.",
        "",
        "“We are back at work,” said Jonas Brandt, who led",
        "the walkout. The agreement raises night-shift pay",
        "by eight per cent and was approved by an over-",
        "whelming majority of members on Sunday evening",
    ],
    [
        "at the union hall near the container terminal.",
        "",
        "Shipping lines had diverted more than forty ves-",
        "sels to Saint-Nazaire during the three weeks of",
        "the dispute, according to the port authority.",
    ],
    [
        "Talks on pensions will resume in March, both",
        "sides said in a joint statement.",
    ],
]

c = canvas.Canvas(os.path.join(here, "article.pdf"), pagesize=A5, invariant=1)
for n, lines in enumerate(pages, 1):
    c.setFont("Helvetica", 8)
    c.drawString(40, H - 30, "The Harbour Gazette — 3 March 2026")
    c.setFont("Helvetica", 11)
    y = H - 70
    for line in lines:
        if line:
            c.drawString(40, y, line)
        y -= 16
    c.setFont("Helvetica", 8)
    c.drawString(W / 2 - 20, 25, f"Page {n} of {len(pages)}")
    c.showPage()
c.save()

c = canvas.Canvas(os.path.join(here, "scan.pdf"), pagesize=A5, invariant=1)
for i in range(40):
    c.rect(40, H - 60 - i * 12, 300 - (i % 7) * 20, 6, fill=1, stroke=0)
c.showPage()
c.save()
