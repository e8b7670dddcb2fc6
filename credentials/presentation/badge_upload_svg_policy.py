"""What an uploaded SVG badge may contain: an allow-list of static SVG, and what is hostile.

Three kinds of content:

- allowed: the elements and attributes of static SVG drawing (shapes, text, paint servers,
  clipping, masking, filters, `<use>` of local fragments), kept as they are;
- inert but unknown: everything else that cannot act or fetch (editor metadata such as
  Inkscape's `sodipodi:namedview`, animation, comments, other namespaces), dropped quietly;
- active: what runs script or reaches outside the image (`<script>`, `<foreignObject>`,
  HTML elements, event-handler attributes, `javascript:` URLs, references to any resource
  but a local `#fragment` or an embedded raster image). An upload with any of it is refused
  and every finding is named; a stored badge with any of it is neutralised by dropping it.
"""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

ACTIVE_ELEMENTS = frozenset(
    {"script", "foreignObject", "handler", "listener", "iframe", "embed", "object"}
)
"""Refused in any namespace: these run script or host a document of their own."""

_FILTER_PRIMITIVES = frozenset(
    {
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feImage",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
    }
)

ALLOWED_ELEMENTS = _FILTER_PRIMITIVES | frozenset(
    {
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "switch",
        "a",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "pattern",
        "clipPath",
        "mask",
        "marker",
        "filter",
        "image",
        "style",
    }
)
"""Static SVG, in the SVG namespace only."""

IMAGE_ELEMENTS = frozenset({"image", "feImage"})
"""The only elements whose `href` may hold an embedded (data:) raster image."""

_PRESENTATION = frozenset(
    {
        "alignment-baseline",
        "baseline-shift",
        "clip",
        "clip-path",
        "clip-rule",
        "color",
        "color-interpolation",
        "color-interpolation-filters",
        "color-rendering",
        "direction",
        "display",
        "dominant-baseline",
        "fill",
        "fill-opacity",
        "fill-rule",
        "filter",
        "flood-color",
        "flood-opacity",
        "font-family",
        "font-size",
        "font-size-adjust",
        "font-stretch",
        "font-style",
        "font-variant",
        "font-weight",
        "image-rendering",
        "isolation",
        "letter-spacing",
        "lighting-color",
        "marker-end",
        "marker-mid",
        "marker-start",
        "mask",
        "mix-blend-mode",
        "opacity",
        "overflow",
        "paint-order",
        "shape-rendering",
        "stop-color",
        "stop-opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "text-decoration",
        "text-rendering",
        "transform",
        "transform-origin",
        "unicode-bidi",
        "vector-effect",
        "visibility",
        "word-spacing",
        "writing-mode",
    }
)

_GEOMETRY_AND_STRUCTURE = frozenset(
    {
        "id",
        "class",
        "style",
        "lang",
        "role",
        "aria-label",
        "aria-hidden",
        "version",
        "viewBox",
        "preserveAspectRatio",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "fr",
        "d",
        "points",
        "width",
        "height",
        "pathLength",
        "dx",
        "dy",
        "rotate",
        "textLength",
        "lengthAdjust",
        "startOffset",
        "method",
        "spacing",
        "side",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "offset",
        "patternUnits",
        "patternContentUnits",
        "patternTransform",
        "clipPathUnits",
        "maskUnits",
        "maskContentUnits",
        "markerUnits",
        "markerWidth",
        "markerHeight",
        "refX",
        "refY",
        "orient",
        "type",
        "media",
    }
)

_FILTER_ATTRIBUTES = frozenset(
    {
        "filterUnits",
        "primitiveUnits",
        "in",
        "in2",
        "result",
        "stdDeviation",
        "mode",
        "operator",
        "k1",
        "k2",
        "k3",
        "k4",
        "values",
        "tableValues",
        "slope",
        "intercept",
        "amplitude",
        "exponent",
        "order",
        "kernelMatrix",
        "divisor",
        "bias",
        "targetX",
        "targetY",
        "edgeMode",
        "preserveAlpha",
        "surfaceScale",
        "diffuseConstant",
        "specularConstant",
        "specularExponent",
        "kernelUnitLength",
        "scale",
        "xChannelSelector",
        "yChannelSelector",
        "radius",
        "baseFrequency",
        "numOctaves",
        "seed",
        "stitchTiles",
        "azimuth",
        "elevation",
        "z",
        "pointsAtX",
        "pointsAtY",
        "pointsAtZ",
        "limitingConeAngle",
    }
)

ALLOWED_ATTRIBUTES = _PRESENTATION | _GEOMETRY_AND_STRUCTURE | _FILTER_ATTRIBUTES
"""Attributes in no namespace. `href` (plain or xlink) is checked separately."""

ALLOWED_XML_ATTRIBUTES = frozenset({"space", "lang"})
"""`xml:space` and `xml:lang`."""

EMBEDDED_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
"""`data:` URL types an `<image>` may embed; each is re-encoded like a raster upload."""

CSS_ACTIVE_MARKERS = ("@import", "expression(", "-moz-binding", "behavior:", "javascript:")
"""CSS that loads or runs something; `url()` is checked on its own."""
