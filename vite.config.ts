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
      // globPatterns below already precaches everything in client/public; listing the icons
      // again would only duplicate precache entries.
      includeManifestIcons: false,
      manifest: {
        name: '随查 · 督查工作台',
        short_name: '随查',
        description: '县督查组每日随机抽查工作表',
        lang: 'zh-CN',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f3f4f6',
        theme_color: '#a61f27',
        // PNGs rendered from icon.svg by scripts/icons.mjs: Android's install prompt wants 192 and
        // 512 px PNGs, launchers crop the maskable one to a circle.
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/yjs\//, /^\/socket\.io\//, /^\/healthz/],
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
        // The map engines (1–2 MB each) serve only the command centre, which needs the server anyway.
        // So does the PMTiles reader, loaded only when the server has a basemap.
        globIgnores: ['**/maplibre-gl-*', '**/mapbox-gl-*', '**/pmtilesProtocol-*'],
        cleanupOutdatedCaches: true,
        // Photos are content-addressed (never change) and were already checked against the
        // user's access when fetched: serve them from the device, so evidence opens offline. The
        // outbox puts photos taken on this device in the same cache after uploading them.
        runtimeCaching: [
          {
            urlPattern: ({ url, request }) => url.pathname.startsWith('/api/blobs/') && request.method === 'GET',
            handler: 'CacheFirst',
            options: {
              cacheName: 'suicha-photos',
              expiration: { maxEntries: 600, maxAgeSeconds: 60 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  // `manifest`: scripts/budget.mjs follows the entry chunk's static imports through it.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true, manifest: true },
  server: {
    proxy: {
      '/api': `http://localhost:${serverPort}`,
      '/yjs': { target: `ws://localhost:${serverPort}`, ws: true },
      '/socket.io': { target: `ws://localhost:${serverPort}`, ws: true },
    },
  },
});
