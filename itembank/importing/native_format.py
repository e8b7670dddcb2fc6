"""The native bank file format: YAML, or exactly the same structure written as JSON.

A bank file is a mapping with up to three fields::

    items       required   list of items (at least one), unless the file only describes
                           domains (a file with just `domains:` updates the exam guide)
    item_sets   optional   list of item sets (case studies shared by several items)
    domains     optional   the exam guide: what each domain covers and what to study

Each item is a mapping::

    id         required  the writer's own id, unique in the file: 1-64 letters, digits and
                         . _ : - starting with a letter or digit (e.g. RPT-0012)
    kind       required  scenario | diagnostic | synthesis | recall
    domain     required  objective code, lowercase words joined by dots (reporting.filters)
    tiers      required  list of one or more of foundation, practitioner, expert
    format     required  single (exactly one key) | multiple (two or more keys)
    stem       required  the question, Markdown
    options    required  list of 2 to 8 options, each a mapping:
                           id         required  unique in the item (A, B, ... or any
                                                1-16 letters, digits, - or _)
                           text       required  Markdown; no two options of an item may have
                                                the same text (ignoring case and spacing)
                           rationale  optional  why the option is right or wrong, Markdown
    key        required  the id of the correct option, or a list of ids (format: multiple)
    tags       optional  list of tags (no , or ;), for search and reporting
    status     optional  draft (default) | active | retired
    item_set   optional  id of an item set declared under item_sets
    objective  optional  the code of the objective of its domain the item measures ('1.2').
                         When the file describes the item's domain, the code must be one of
                         its objectives. Like tags, it is state, not content: changing it
                         makes no new revision. It lets a study plan name the objectives a
                         learner missed most instead of all the domain's objectives.

Each item set is a mapping::

    id         required  same rules as an item id, unique among the file's item sets
    stimulus   required  the case-study text every item of the set shows, Markdown

Each domain description (the study guide of one domain code) is a mapping::

    domain       required  the code the items use (reporting.filters)
    title        optional  a name to show learners, up to 200 characters
    description  optional  what the domain covers, Markdown, up to 4,000 characters
    objectives   optional  up to 50, each a mapping:
                             id           required  1-32 letters, digits, . _ - ('1.2')
                             title        required  what the learner must be able to do
                             description  optional  Markdown, up to 4,000 characters
                             resources    optional  reading for this objective (as below)
    resources    optional  up to 20 links for the whole domain, each a mapping:
                             title  required  the link text
                             url    required  an absolute https:// or http:// URL with a
                                              host, no user@ part, up to 2,000 characters

Importing a file that describes a domain replaces the bank's description of that domain;
domains the file does not describe keep theirs. CSV files carry the `objective` column but no
descriptions (one row per item has no room for them): describe domains in YAML or JSON.

Every field name is checked: an unknown field (a typo such as `optoins`) is an error. The
words of kind, tiers, format and status are read case-insensitively and stored lowercase.
Text is stored with line endings as LF, surrounding whitespace removed and Unicode in NFC, so
the same question saved by different editors has the same fingerprint. YAML values are read
as text exactly as written (`id: 0012` is "0012", `text: No` is "No"); anchors, aliases and
explicit tags are not supported. A complete example is `itembank/samples/sample_bank.yaml`;
a short one::

    item_sets:
      - id: CS-NORTHWIND
        stimulus: |
          Northwind Outfitters runs 40 stores and one Lumen workspace per region ...

    items:
      - id: RPT-0012
        kind: scenario
        domain: reporting.filters
        tiers: [practitioner]
        format: single
        status: active
        tags: [filters, dates]
        stem: |
          A sales manager wants the report to always show the last 7 complete days.
          Which filter should you use?
        options:
          - id: A
            text: A relative date filter set to "last 7 days, excluding today"
            rationale: It moves with the calendar and skips the incomplete day.
          - id: B
            text: A fixed date range that you update every Monday
        key: A
      - id: RPT-0013
        item_set: CS-NORTHWIND
        format: multiple
        key: [A, C]
        ...
"""

from __future__ import annotations

TOP_LEVEL_FIELDS = ("items", "item_sets", "domains")
ITEM_FIELDS = (
    "id",
    "kind",
    "domain",
    "tiers",
    "format",
    "stem",
    "options",
    "key",
    "tags",
    "status",
    "item_set",
    "objective",
)
OPTION_FIELDS = ("id", "text", "rationale")
ITEM_SET_FIELDS = ("id", "stimulus")
DOMAIN_FIELDS = ("domain", "title", "description", "objectives", "resources")
OBJECTIVE_FIELDS = ("id", "title", "description", "resources")
RESOURCE_FIELDS = ("title", "url")
