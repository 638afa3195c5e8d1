// Microsoft's four-square logo as inline SVG markup, for the drop-in element's button (render.ts).

/** The logo, four 9 px squares 1 px apart on 21 × 21; colours must stay unaltered (Microsoft branding guide). */
export const microsoftLogoSvg =
  // Parsed as HTML (innerHTML): no xmlns needed; the size comes from the style sheet (render.ts).
  '<svg viewBox="0 0 21 21" aria-hidden="true">' +
  '<path fill="#F25022" d="M1 1h9v9H1z"/>' +
  '<path fill="#7FBA00" d="M11 1h9v9h-9z"/>' +
  '<path fill="#00A4EF" d="M1 11h9v9H1z"/>' +
  '<path fill="#FFB900" d="M11 11h9v9h-9z"/>' +
  '</svg>';
