"""The tier badge drawn as a vector seal on the certificate, from the same design as the
badge images, so the printed certificate, the badge and the share picture match."""

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from credentials.presentation.badge_image_design import BADGE_SIZE, Circle, Outline, badge_design
from credentials.presentation.fonts.reportlab_fonts import SANS_BOLD_FONT
from credentials.presentation.pdf_certificate_layout import Box


def draw_seal(canvas: Canvas, certification_name: str, tier: str, box: Box) -> None:
    design = badge_design(certification_name, tier)
    style = design.style
    scale = box.width / BADGE_SIZE

    def point(x: float, y: float) -> tuple[float, float]:
        return box.x + x * scale, box.y + box.height - y * scale

    def outline(shape: Outline, *, fill: str | None = None, stroke: str | None = None) -> None:
        if fill is not None:
            canvas.setFillColor(HexColor(fill))
        if stroke is not None:
            canvas.setStrokeColor(HexColor(stroke))
            canvas.setLineWidth(design.ring_width * scale)
        if isinstance(shape, Circle):
            centre_x, centre_y = point(shape.cx, shape.cy)
            canvas.circle(
                centre_x,
                centre_y,
                shape.r * scale,
                stroke=int(stroke is not None),
                fill=int(fill is not None),
            )
            return
        path = canvas.beginPath()
        path.moveTo(*point(*shape.points[0]))
        for vertex in shape.points[1:]:
            path.lineTo(*point(*vertex))
        path.close()
        canvas.drawPath(path, stroke=int(stroke is not None), fill=int(fill is not None))

    canvas.saveState()
    outline(design.outer, fill=style.outer_colour)
    outline(design.inner, fill=style.inner_colour)
    outline(design.ring, stroke=style.accent_colour)
    (x1, y1), (x2, y2) = design.divider
    canvas.setLineWidth(3 * scale)
    canvas.setLineCap(1)
    canvas.line(*point(x1, y1), *point(x2, y2))
    canvas.setFillColor(HexColor(style.text_colour))
    for text in (design.tier_label, *design.name_lines):
        canvas.setFont(SANS_BOLD_FONT, text.size * scale)
        canvas.drawCentredString(*point(text.x, text.baseline), text.text)
    for star in design.stars:
        outline(star, fill=style.accent_colour)
    canvas.restoreState()
