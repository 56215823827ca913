# mkdocx.py TEXT_FILE OUT.docx - a minimal Word document whose paragraphs are
# the lines of TEXT_FILE (for the extractor's tests; issue #19).
import sys, zipfile
from xml.sax.saxutils import escape
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
body = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(l) for l in lines)
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body>%s</w:body></w:document>' % body)
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("word/document.xml", doc)
