/**
 * Builds the dashboard into renderer/dist with relative asset URLs, so the same files work
 * when the gateway serves them over HTTP and when the desktop app loads them from disk.
 * Run from the repository root: `vite build renderer` (npm run build:renderer).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CSP forbids inline scripts and styles: keep every asset a separate file.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
  },
});
