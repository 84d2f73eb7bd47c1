// Builds the SPA into web/dist, which the Trousseau server serves; `vite` alone proxies the API to a running server.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/ui/api': 'http://127.0.0.1:8080', '/rest.php': 'http://127.0.0.1:8080' } },
});
