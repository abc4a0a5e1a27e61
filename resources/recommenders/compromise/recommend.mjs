// A Dossier recommender: reads {"text", "types", "language"} as JSON on standard input, writes a
// JSON list of spans found by compromise (people, places, organisations, dates) on standard
// output. Offsets are in Unicode scalar values (chars), as Dossier counts them: compromise
// counts UTF-16 code units, so they are converted.
//
//   cd resources/recommenders/compromise && npm install
//   dossier suggest ARTICLE --recommender "compromise=node resources/recommenders/compromise/recommend.mjs"
import nlp from "compromise";
import dates from "compromise-dates";

nlp.plugin(dates);

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const text = request.text ?? "";
const wanted = new Set(request.types ?? []);

// UTF-16 index → char index, once for the whole text.
const charAt = new Int32Array(text.length + 1);
let chars = 0;
for (let i = 0; i < text.length; ) {
  const cp = text.codePointAt(i);
  const width = cp > 0xffff ? 2 : 1;
  for (let k = 0; k < width; k++) charAt[i + k] = chars;
  i += width;
  chars += 1;
}
charAt[text.length] = chars;

const doc = nlp(text);
const out = [];
// compromise-dates reads some names as dates ("Iran"): a date has a digit or a date word.
const DATE_WORD =
  /\d|day|week|month|year|night|morning|evening|today|tomorrow|yesterday|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
const add = (view, type, score) => {
  for (const m of view.json({ offset: true })) {
    const { start, length } = m.offset;
    // The name without a possessive, a trailing full stop or dash.
    const s = text.slice(start, start + length).replace(/(['’]s|[.,;:\s—–-])+$/u, "");
    if (!s.trim() || (type === "DATE" && !DATE_WORD.test(s))) continue;
    out.push({ start: charAt[start], end: charAt[start + s.length], type, score });
  }
};
add(doc.people(), "PERSON", 0.7);
add(doc.places(), "GPE", 0.6);
add(doc.organizations(), "ORG", 0.6);
if (wanted.size === 0 || [...wanted].some((t) => /date|time/i.test(t))) add(doc.dates(), "DATE", 0.6);
process.stdout.write(JSON.stringify(out));
