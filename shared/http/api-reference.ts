import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * The browsable API reference at `GET /docs`: Swagger UI (swagger-ui-dist, pinned) rendering
 * `/v1/openapi.json`. Its script and style sheet are served by `GET /docs/{asset}` from the npm
 * package (no CDN): locally from node_modules, in AWS from the copy the stack puts beside the
 * function's bundle (the manifest's `packageFiles`), found the same way in both.
 */

// Relative addresses: in AWS the API sits under its stage (`/prod/docs`), locally at the root.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dossier API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/reference.js"></script>
</body>
</html>
`;

// An external script, not inline, so the page's CSP needs no 'unsafe-inline' for scripts.
// `validatorUrl: null`: Swagger UI would otherwise send the document to a public validator.
const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('v1/openapi.json', window.location.href).href,
    dom_id: '#reference',
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/**
 * Only this origin's scripts, styles, images and fetches; Swagger UI sets style attributes, so
 * styles may be inline. Nothing may frame the page, and it posts no forms.
 */
export const REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const referencePage = (): string => PAGE;

const packageFile = (name: string) => ({ file: `swagger-ui-dist/${name}` });

/** The assets the page loads, by the name in its address. */
export const referenceAssets = {
  'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', ...packageFile('swagger-ui-bundle.js') },
  'swagger-ui.css': { type: 'text/css; charset=utf-8', ...packageFile('swagger-ui.css') },
  'reference.js': { type: 'text/javascript; charset=utf-8', text: INITIALIZER },
} as const satisfies Record<string, { type: string; file?: string; text?: string }>;

export type ReferenceAssetName = keyof typeof referenceAssets;
export const referenceAssetNames = Object.keys(referenceAssets) as [ReferenceAssetName, ...ReferenceAssetName[]];

// Resolved from this module: node_modules locally, the copy beside the bundle in AWS.
const packages = createRequire(import.meta.url);
const loaded = new Map<ReferenceAssetName, Promise<string>>();

/** An asset's text, read once per process (the bundle is 1.7 MB: not read per request). */
export const referenceAsset = (name: ReferenceAssetName): Promise<string> => {
  const asset: { file?: string; text?: string } = referenceAssets[name];
  let text = loaded.get(name);
  if (!text) loaded.set(name, (text = asset.text !== undefined ? Promise.resolve(asset.text) : readFile(packages.resolve(asset.file!), 'utf8')));
  return text;
};
