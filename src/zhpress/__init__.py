"""zhpress: raw Chinese text to structured Markdown, PDF, DOCX and EPUB."""
from zhpress.style.bundled import use_bundled_fonts as _use_bundled_fonts

__version__ = "0.1.0"
# Before anything asks fontconfig: the fonts bundled under styles/fonts/ (zhpress.style.bundled).
_use_bundled_fonts()
