// Fill a review copy's form with pdf.js, as Firefox's PDF viewer does: set the values
// in the document's annotation storage and save (pdf.js writes an incremental update
// with appearance streams it draws itself).
//   node fill_pdfjs.mjs IN.pdf OUT.pdf VALUES.json
// VALUES.json maps fully qualified field names to a text, or to a radio button's
// export value ("change", "dispute", "buyer").
import { readFileSync, writeFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const [input, output, valuesFile] = process.argv.slice(2);
const wanted = JSON.parse(readFileSync(valuesFile, "utf8"));
const data = new Uint8Array(readFileSync(input));
const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
const fields = await doc.getFieldObjects();
const storage = doc.annotationStorage;
let set = 0;
for (const [name, value] of Object.entries(wanted)) {
  const widgets = fields[name];
  if (!widgets) {
    console.error(`no field ${name}`);
    process.exit(3);
  }
  for (const widget of widgets) {
    if (widget.type === "radiobutton" || widget.type === "checkbox") {
      storage.setValue(widget.id, { value: widget.exportValues === value });
    } else {
      storage.setValue(widget.id, { value });
    }
  }
  set += 1;
}
const saved = await doc.saveDocument();
writeFileSync(output, saved);
console.log(`pdf.js filled ${set} fields`);
