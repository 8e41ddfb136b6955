"""Test documents in every supported format, generated with real libraries (no hand-made bytes)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rag.lang import CJK_RANGES

from rag.bench.ingest import FONT, render_page  # noqa: F401 - shared with the OCR benchmark
CJK_SPACE = re.compile(f"[{CJK_RANGES}][ \t\u3000]+[{CJK_RANGES}]")

NEWS_TITLE = "聊城港口扩建工程开工"
NEWS_BODY = [
    "本报讯 7月4日，聊城港口扩建工程正式开工，总投资12亿元，预计2026年建成投用。",
    "项目建成后，港口年吞吐能力将达到500万吨，可带动当地就业3000人。",
    "市交通运输局局长刘建国表示，扩建工程将进一步完善聊城的综合交通运输体系。",
]

NEWS_HTML = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{NEWS_TITLE}_聊城日报网</title>
<meta property="og:title" content="{NEWS_TITLE}">
<meta property="og:site_name" content="聊城日报网">
<meta name="author" content="王小明">
<meta property="article:published_time" content="2024-07-05T08:00:00+08:00">
<script>var trackingCode = "navSecretScript"; document.write("脚本文字不应出现");</script>
<style>.nav {{ color: red }}</style></head>
<body>
<header><nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/gn">国内新闻导航栏</a></li><li><a href="/gj">国际新闻导航栏</a></li><li><a href="/ty">体育频道导航栏</a></li></ul></nav></header>
<div class="ad">广告：特价机票低至一折，立即抢购！</div>
<main><article>
<h1>{NEWS_TITLE}</h1>
<p class="byline">作者：王小明 2024-07-05</p>
{"".join(f"<p>{p}</p>" for p in NEWS_BODY)}
</article></main>
<aside><h3>热门推荐</h3><ul><li><a href="/x">明星八卦热门推荐链接</a></li><li><a href="/y">另一条热门推荐链接</a></li></ul></aside>
<footer>版权所有 © 聊城日报网 备案号鲁ICP备000000号</footer>
<script>console.log("footerScriptText")</script>
</body></html>"""


def text_pdf(path: Path, pages: list[list[str]], headline: str = "") -> Path:
    """A PDF with a text layer (ReportLab, the CJK font embedded), one list of lines per page;
    `headline` is set large atop the first page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "wqy" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("wqy", str(FONT), subfontIndex=0))
    pdf = canvas.Canvas(str(path))
    for number, lines in enumerate(pages):
        y = 800
        if headline and number == 0:
            pdf.setFont("wqy", 22)
            pdf.drawString(60, y, headline)
            y -= 40
        pdf.setFont("wqy", 12)
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


def scanned_pdf(path: Path, images: list) -> Path:  # type: ignore[type-arg]
    """A PDF whose pages are images only (no text layer), as a scanner makes them."""
    first, *rest = [im.convert("RGB") for im in images]
    first.save(path, "PDF", resolution=150, save_all=True, append_images=rest)
    return path


def docx_file(path: Path) -> Path:
    """A Word document with a title, two stories (Heading 1), a subhead, a table and a list."""
    import docx

    document = docx.Document()
    document.core_properties.author = "编辑部"
    document.add_heading("聊城港口扩建工程开工", level=1)
    document.add_paragraph("7月4日，聊城港口扩建工程正式开工，总投资12亿元。")
    document.add_heading("项目概况", level=2)
    document.add_paragraph("项目建成后，港口年吞吐能力将达到500万吨。")
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "指标", (0, 1): "数值", (1, 0): "就业岗位", (1, 1): "3000人"}.items():
        table.cell(r, c).text = text
    document.add_heading("东阿阿胶博物馆开馆", level=1)
    document.add_paragraph("东阿阿胶博物馆于7月6日正式对外开放，馆藏文物1200余件。")
    document.save(path)
    return path


MARKDOWN = """# 聊城港口扩建工程开工

7月4日，聊城港口扩建工程**正式开工**，总投资
12亿元，预计2026年建成投用。

## 项目亮点

- 年吞吐能力500万吨
- 带动就业3000人
- 新建泊位8个

<script>alert("markdownScript")</script>

# 东阿阿胶博物馆开馆

东阿阿胶博物馆于7月6日[正式对外开放](https://example.com)，馆藏文物1200余件。
"""


def png_bytes(image) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
