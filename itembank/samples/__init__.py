"""Sample banks for the demo and the documentation: `sample_bank.yaml` (67 items of a
fictional "Lumen Analytics" certification, two case studies) and `sample_bank.csv` (the
same ideas in the spreadsheet format). A package, so the files ship with the wheel.
"""
