// Fill a review copy's form with MuPDF, as its viewers do, and add sticky notes.
//   mutool run fill_mutool.js IN.pdf OUT.pdf VALUES
// VALUES is JSON text (this mutool reads files only as bytes): {"fields": {"milestone.3.due": "2027-04-14", "milestone.3.answer":
// "change", ...}, "notes": [{"page": 7, "x": 300, "y": 500, "text": "..."}]}
// Note positions are PDF points from the page's bottom-left corner; fields are found
// by their fully qualified names; radio buttons by their export value.
var input = scriptArgs[0], output = scriptArgs[1];
var wanted = JSON.parse(scriptArgs[2]);
var fields = wanted.fields || {};
var doc = new PDFDocument(input);

// This mutool answers a missing key with undefined, newer ones with a null object.
function missing(obj) {
  return obj === undefined || obj === null || obj.isNull();
}

function qualifiedName(obj) {
  var parts = [];
  while (!missing(obj)) {
    var t = obj.get("T");
    if (!missing(t)) parts.unshift(t.asString());
    obj = obj.get("Parent");
  }
  return parts.join(".");
}

function onValue(obj) {
  var found = "";
  // Older mutool hands forEach (key, value), newer ones (value, key).
  obj.get("AP").get("N").forEach(function (a, b) {
    var key = String(typeof a === "string" ? a : b).replace(/^\//, "");
    if (key !== "Off") found = key;
  });
  return found;
}

var filled = 0;
for (var p = 0; p < doc.countPages(); p++) {
  var pageObj = doc.findPage(p);
  var height = pageObj.get("MediaBox").get(3).asNumber();
  var annots = pageObj.get("Annots");
  if (missing(annots)) continue;
  var page = doc.loadPage(p);
  var widgets = page.getWidgets();
  for (var i = 0; i < annots.length; i++) {
    var obj = annots.get(i);
    if (obj.get("Subtype").asName() !== "Widget") continue;
    var name = qualifiedName(obj);
    if (!(name in fields)) continue;
    var rect = obj.get("Rect");
    var x1 = rect.get(0).asNumber(), top = height - rect.get(3).asNumber();
    for (var j = 0; j < widgets.length; j++) {
      var r = widgets[j].getRect();
      if (Math.abs(r[0] - x1) > 0.5 || Math.abs(r[1] - top) > 0.5) continue;
      var widget = widgets[j];
      if (widget.getFieldType() === "radiobutton") {
        if (onValue(obj) === fields[name]) {
          widget.toggle();
          filled++;
        }
      } else {
        widget.setTextValue(fields[name]);
        filled++;
      }
      widget.update();
    }
  }
}
var notes = wanted.notes || [];
for (var n = 0; n < notes.length; n++) {
  var note = notes[n];
  var notePage = doc.loadPage(note.page);
  var h = doc.findPage(note.page).get("MediaBox").get(3).asNumber();
  var annot = notePage.createAnnotation("Text");
  annot.setRect([note.x, h - note.y - 20, note.x + 20, h - note.y]);
  annot.setContents(note.text);
  if (note.author) annot.setAuthor(note.author);
  annot.update();
}
doc.save(output, "garbage");
print("MuPDF filled " + filled + " fields and added " + notes.length + " notes");
