import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** The web app: root web/, built into dist/web, which `facetag serve` serves (src/server/routes/web-app.ts). */
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  // Everything bundled: no CDN, and the build must not depend on the machine it runs on.
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  // `vite --config web/vite.config.ts` during development: the API comes from a running `facetag serve`.
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/v1': 'http://127.0.0.1:8080' },
  },
});
