/** The Express app: security headers, JSON API under /api, health, and the built client. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import { authRoutes } from './api/authRoutes';
import type { AppContext } from './api/context';
import { errorHandler, forbidden, notFound, unauthorized } from './api/errors';
import { adminRoutes } from './api/admin';
import { groupRoutes } from './api/groupRoutes';
import { sheetRoutes } from './api/sheetRoutes';
import { coverageRoutes, mapRoutes } from './coverage/routes';
import { blobRoutes } from './blobs/blobRoutes';
import { settingsRoutes } from './api/settingsRoutes';
import { ledgerRoutes } from './api/ledgerRoutes';
import { drawRoutes } from './draws/routes';

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback');
  app.use((req, res, next) => {
    const id = req.get('x-request-id')?.slice(0, 64) || randomUUID();
    res.locals.reqId = id;
    res.setHeader('x-request-id', id);
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          // Svelte transitions and map popups set inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          workerSrc: ["'self'", 'blob:'],
          upgradeInsecureRequests: null,
        },
      },
      // Served over plain HTTP on county intranets; HSTS belongs to the TLS terminator.
      strictTransportSecurity: false,
    }),
  );
  // Phones on weak networks: gzip the shell, bundles and JSON (WebSocket frames are not touched).
  app.use(compression());
  app.use(express.json({ limit: '256kb' }));
  // CSRF: besides SameSite cookies, a state-changing API call that names another origin is refused.
  app.use('/api', (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const origin = req.get('origin');
    if (origin && origin !== 'null') {
      let host: string;
      try {
        host = new URL(origin).host;
      } catch {
        throw forbidden('cross-site request refused');
      }
      if (host !== req.get('host')) throw forbidden('cross-site request refused');
    }
    next();
  });

  app.get('/healthz', async (_req, res) => {
    let redis = 'up';
    try {
      await ctx.redis.ping();
    } catch {
      redis = 'down';
    }
    res.status(redis === 'up' ? 200 : 503).json({
      status: redis === 'up' ? 'ok' : 'degraded',
      live: true,
      ready: redis === 'up',
      redis,
      instance: ctx.config.instanceId,
      docs: ctx.rooms.size,
      connections: ctx.sync?.connectionCount ?? 0,
    });
  });

  // Prometheus text format. Behind METRICS_TOKEN when set (scrapers send it as a bearer token).
  app.get('/metrics', async (req, res) => {
    const want = process.env.METRICS_TOKEN;
    if (want && req.get('authorization') !== `Bearer ${want}`) throw unauthorized();
    if (!ctx.metrics) throw notFound();
    res.setHeader('Content-Type', ctx.metrics.registry.contentType);
    res.send(await ctx.metrics.registry.metrics());
  });

  app.use('/api/auth', authRoutes(ctx));
  app.use('/api/sheets', sheetRoutes(ctx));
  app.use('/api/groups', groupRoutes(ctx));
  app.use('/api/admin', adminRoutes(ctx));
  app.use('/api/coverage', coverageRoutes(ctx));
  app.use('/api/map', mapRoutes(ctx));
  app.use('/api/blobs', blobRoutes(ctx));
  app.use('/api/settings', settingsRoutes(ctx));
  app.use('/api/draws', drawRoutes(ctx));
  app.use('/api', ledgerRoutes(ctx));
  app.use('/api', () => {
    throw notFound('no such API endpoint');
  });

  const dist = ctx.config.clientDist;
  if (existsSync(path.join(dist, 'index.html'))) {
    app.use(
      express.static(dist, {
        index: false,
        setHeaders: (res, file) => {
          // Hashed bundles never change; the shell, service worker and manifest must revalidate.
          if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
          else res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
    // Client-side routes (/, /login, /sheet/…, /command): the app shell, never cached stale.
    app.get(/^\/(?!yjs\/|socket\.io\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(dist, 'index.html'));
    });
  } else {
    ctx.log.warn('client.not_built', { dist });
  }
  app.use(errorHandler(ctx.log));
  return app;
}
