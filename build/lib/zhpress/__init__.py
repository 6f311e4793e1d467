"""zhpress: raw Chinese text to structured Markdown, PDF, DOCX and EPUB."""
__version__ = "0.1.0"
