"""PDF certificate renders per second on one core (a script, not a test).

Every render is uncached: each certificate has its own holder, credential id and verification
URL (so its own QR code and font subset), as a burst of new credentials would. Printed with
the machine's load average (the machine is shared) and the share of the render spent in the
QR encoder and in writing the PDF, the two parts that remain per certificate.

Run: ``.venv/bin/python tests/benchmarks/bench_pdf.py``.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from credentials.presentation import CertificateData, render_certificate_pdf

RENDERS = 200
NAMES = ("Ada Lovelace", "Grace Hopper", "Zoë Ångström-Nuñez", "李小龍", "Ibn al-Haytham")


def certificate(n: int) -> CertificateData:
    public_id = f"{n:06d}-Qm9vZ2xlLXN0eWxlLWlkZW50aWZpZXI"
    return CertificateData(
        holder_name=f"{NAMES[n % len(NAMES)]} {n}",
        achievement_name=("Cloud Practitioner", "Security Architect")[n % 2],
        tier=("practitioner", "expert")[n % 2],
        issuer_name="Accredo Certification Board",
        issued_on=date(2026, 3, 1),
        expires_on=date(2028, 3, 1),
        credential_id=f"https://accredo.example/credentials/{public_id}",
        verification_url=f"https://accredo.example/c/{public_id}",
    )


def main() -> None:
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    data = [certificate(n) for n in range(RENDERS + 10)]
    for item in data[RENDERS:]:
        render_certificate_pdf(item)  # fonts registered, designs of the two tiers measured
    started = time.perf_counter()
    sizes = [len(render_certificate_pdf(item)) for item in data[:RENDERS]]
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    for item in data[:RENDERS]:
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)  # as the certificate
        code.add_data(item.verification_url)
        code.make(fit=True)
    qr_seconds = time.perf_counter() - started
    print(
        f"PDF certificates: {RENDERS / seconds:.0f} uncached renders/s "
        f"({1000 * seconds / RENDERS:.2f} ms each, {sum(sizes) // RENDERS} bytes)"
    )
    print(f"  of which the QR encoder (qrcode): {qr_seconds / seconds:.0%}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB; load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
