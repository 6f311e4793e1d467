"""zhpress.typeset.weasyprint: the WeasyPrint patches install and uninstall cleanly, and are
guarded: a WeasyPrint they were not written for is left alone and the PDF still builds."""

from __future__ import annotations

from zhpress.typeset import justify as J
from zhpress.typeset import weasyprint as P


def test_install_is_idempotent_and_reversible() -> None:
    from weasyprint.layout import inline
    from weasyprint.text.line_break import Layout

    was = P.is_installed()
    P.uninstall()
    originals = (inline.justify_line, inline.text_align, Layout.reactivate)
    P.install()
    P.install()
    assert inline.justify_line is J.justify_line_cjk
    P.uninstall()
    P.uninstall()
    assert (inline.justify_line, inline.text_align, Layout.reactivate) == originals
    if was:
        P.install()


# --- the patches are guarded: a WeasyPrint they were not written for is left alone ---------------
def test_install_refuses_another_weasyprint_and_the_pdf_still_builds(monkeypatch, caplog):
    import weasyprint

    from zhpress.typeset import weasyprint as patch
    from zhpress.writers import pdf as pdf_writer

    P.uninstall()
    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    monkeypatch.setattr(pdf_writer, "_hook_refused", [])
    reason = patch.install()
    assert reason == "WeasyPrint 99.0 is installed; the patches fit 70.x"
    assert not patch.is_installed()
    html = "<html lang='zh-CN'><body><p style='text-align: justify'>" + "中文排版。" * 40 + "</p>"
    with caplog.at_level("WARNING", logger="zhpress"):
        first = pdf_writer.render_html(html)
        pdf_writer.render_html(html)
    assert first.startswith(b"%PDF")
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and warnings[0].startswith(
        "Chinese justification and punctuation compression are off: WeasyPrint 99.0")
    assert not patch.is_installed()


def test_install_refuses_when_a_patched_name_is_gone(monkeypatch):
    from weasyprint.layout import inline

    from zhpress.typeset import weasyprint as patch

    P.uninstall()
    monkeypatch.delattr(inline, "justify_line")
    assert patch.install() == "WeasyPrint 70.0 has no weasyprint.layout.inline.justify_line"
    assert not patch.is_installed()
