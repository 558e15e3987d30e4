import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The staff console (CONSOLE.md): built into web/dist, served at `/` by the local runtime and by
 * CloudFront in AWS, on the same origin as the API (no CORS). No inline script is emitted, so the
 * page's CSP can say `script-src 'self'`.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The bench reports the first load; the rest is loaded per screen.
    chunkSizeWarningLimit: 1024,
    // Vite would otherwise inline small assets as data: URLs; the CSP allows them for images only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: { proxy: { '/v1': 'http://localhost:3000', '/docs': 'http://localhost:3000' } },
});
