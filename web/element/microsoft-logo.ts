// Microsoft's four-square logo as inline SVG markup, for the drop-in element's button (element/render.ts).

/** The logo at its branded size (21 × 21 px); colours must stay unaltered (Microsoft branding guide). */
export const microsoftLogoSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="21" height="21" viewBox="0 0 21 21" aria-hidden="true" focusable="false">' +
  '<rect x="1" y="1" width="9" height="9" fill="#F25022"/>' +
  '<rect x="11" y="1" width="9" height="9" fill="#7FBA00"/>' +
  '<rect x="1" y="11" width="9" height="9" fill="#00A4EF"/>' +
  '<rect x="11" y="11" width="9" height="9" fill="#FFB900"/>' +
  '</svg>';
