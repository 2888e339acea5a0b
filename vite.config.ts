import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// The client lives in client/ and builds to client/dist, which the server serves. In dev, run
// the server and `npm run dev:client`: Vite proxies the API and sockets to it.
const serverPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  root: 'client',
  plugins: [
    svelte(),
    // The app shell is precached so the app opens from cold with no signal; sheets themselves
    // come from IndexedDB (y-indexeddb). A new deploy waits for the user's OK (update prompt).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icon.svg'],
      manifest: {
        name: '随查 · 督查工作台',
        short_name: '随查',
        description: '县督查组每日随机抽查工作表',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f7f9',
        theme_color: '#b4232a',
        icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/yjs\//, /^\/socket\.io\//, /^\/healthz/],
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
        // The map engines (1–2 MB each) serve only the command centre, which needs the server anyway.
        globIgnores: ['**/maplibre-gl-*', '**/mapbox-gl-*'],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  server: {
    proxy: {
      '/api': `http://localhost:${serverPort}`,
      '/yjs': { target: `ws://localhost:${serverPort}`, ws: true },
      '/socket.io': { target: `ws://localhost:${serverPort}`, ws: true },
    },
  },
});
