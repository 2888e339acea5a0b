import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The client lives in client/; the server serves client/dist in production and
// proxies nothing: in dev, run the server and point Vite's proxy at it.
const serverPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: {
    proxy: {
      '/api': `http://localhost:${serverPort}`,
      '/yjs': { target: `ws://localhost:${serverPort}`, ws: true },
      '/socket.io': { target: `ws://localhost:${serverPort}`, ws: true },
    },
  },
});
