"""PDF certificate renders per second on one core, against the goal and the stock renderer.

Every render is uncached: each certificate has its own holder, credential id and verification
URL (so its own QR code), as a burst of new credentials would. Three figures, in one run:

- the certificate as served (the QR code by zxing-cpp, each distinct font subset made and
  deflated once per process), with holder names from a small international set;
- the same when every holder name brings letters no earlier certificate used, so one font
  subset is made and deflated in every render (the worst case for the kept subsets);
- the stock renderer for comparison: the same page with reportlab's own fonts (every subset
  made and deflated per document) and the pure-Python `qrcode` encoder, as before issue 14.

Rates are per CPU-second of this process (the machine is shared, so wall-clock rates depend
on what else runs; both are printed) beside the issue-14 goal of 200 renders/s per core.

Run: ``.venv/bin/python -m tests.benchmarks.bench_pdf``.
"""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy
import qrcode
import zxingcpp
from qrcode.constants import ERROR_CORRECT_M
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from credentials.presentation import CertificateData, render_certificate_pdf

RENDERS = 300
GOAL_PER_CORE = 200
NAMES = ("Ada Lovelace", "Grace Hopper", "Zoë Ångström-Nuñez", "Łukasz Wąsowski", "Ibn al-Haytham")


def machine() -> str:
    """CPUs and load, as `harness.machine` says it (not imported: it loads the whole service,
    which would make this process's peak RSS the service's rather than the renderer's)."""
    one, five, fifteen = os.getloadavg()
    return (
        f"{os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}"
        f", load average {one:.2f} {five:.2f} {fifteen:.2f}"
    )


def certificate(n: int, holder: str | None = None) -> CertificateData:
    public_id = f"{n:06d}-Qm9vZ2xlLXN0eWxlLWlkZW50aWZpZXI"
    return CertificateData(
        holder_name=holder or f"{NAMES[n % len(NAMES)]} {n}",
        achievement_name=("Cloud Practitioner", "Security Architect")[n % 2],
        tier=("practitioner", "expert")[n % 2],
        issuer_name="Accredo Certification Board",
        issued_on=date(2026, 3, 1),
        expires_on=date(2028, 3, 1),
        credential_id=f"https://accredo.example/credentials/{public_id}",
        verification_url=f"https://accredo.example/c/{public_id}",
    )


def new_letters(n: int) -> CertificateData:
    """A holder whose first letter beyond ASCII no earlier certificate used."""
    return certificate(n, holder=f"{chr(0x100 + n)}ra Nováková {n}")


def measure(render: Callable[[CertificateData], bytes], data: list[CertificateData]) -> str:
    wall, cpu = time.perf_counter(), time.process_time()
    sizes = [len(render(item)) for item in data]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    per_core = len(data) / cpu
    return (
        f"{per_core:5.0f} renders per CPU-second ({per_core / GOAL_PER_CORE:.2f}x the goal of "
        f"{GOAL_PER_CORE}; {1000 * cpu / len(data):.2f} ms each), {len(data) / wall:.0f}/s wall, "
        f"{sum(sizes) // len(data)} bytes"
    )


class QrcodeBarcode:
    """`qrcode`'s encoding in the shape the certificate reads from zxing-cpp's barcode."""

    def __init__(self, text: str) -> None:
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
        code.add_data(text)
        code.make(fit=True)
        self.matrix = code.get_matrix()

    def to_image(self, scale: int = 1, add_quiet_zones: bool = True) -> numpy.ndarray:
        assert scale == 1 and not add_quiet_zones
        return numpy.array([[0 if dark else 255 for dark in row] for row in self.matrix], "uint8")


@contextlib.contextmanager
def stock_renderer() -> Iterator[None]:
    """reportlab's own TTFont for each font the certificate registered, `qrcode` for the QR.

    Only reportlab's registry and zxing-cpp's entry point are swapped: the benchmark reaches
    the renderer through its public face like any other caller.
    """
    saved = pdfmetrics._fonts, pdfmetrics._dynFaceNames, zxingcpp.create_barcode
    fonts = dict(saved[0])
    pdfmetrics._fonts = {name: font for name, font in fonts.items() if not isinstance(font, TTFont)}
    pdfmetrics._dynFaceNames = {}
    for name, font in fonts.items():
        if isinstance(font, TTFont):
            pdfmetrics.registerFont(TTFont(name, font.face.filename))
    zxingcpp.create_barcode = lambda text, *_, **__: QrcodeBarcode(text)
    try:
        yield
    finally:
        pdfmetrics._fonts, pdfmetrics._dynFaceNames, zxingcpp.create_barcode = saved


def qr_encoder_ms(data: list[CertificateData]) -> float:
    started = time.process_time()
    for item in data:
        code = zxingcpp.create_barcode(
            item.verification_url, zxingcpp.BarcodeFormat.QRCode, ec_level="M"
        )
        code.to_image(scale=1, add_quiet_zones=False)
    return 1000 * (time.process_time() - started) / len(data)


def main() -> None:
    print(machine())
    common = [certificate(n) for n in range(RENDERS)]
    for item in common[:10]:
        render_certificate_pdf(replace(item, verification_url=item.verification_url + "-warm"))
    print(f"PDF certificates, {RENDERS} uncached renders each (a new holder, id and QR code):")
    print(f"  as served:                       {measure(render_certificate_pdf, common)}")
    worst = [new_letters(n) for n in range(RENDERS)]
    print(f"  every holder with new letters:   {measure(render_certificate_pdf, worst)}")
    print(f"  of which the QR encoder (zxing-cpp): {qr_encoder_ms(common):.2f} ms a render")
    with stock_renderer():
        stock = [certificate(n + RENDERS) for n in range(RENDERS // 3)]
        render_certificate_pdf(stock[0])
        print(f"  stock reportlab fonts + qrcode:  {measure(render_certificate_pdf, stock[1:])}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB; load average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
