/**
 * The admin's PMTiles basemap (`BASEMAP_PMTILES`), opened once at start-up. The `pmtiles` library
 * reads its header and metadata through a file-handle source; anything wrong with the file is one
 * warning in the log and the map goes without a basemap — the server still starts.
 *
 * The file stays open for the life of the process, so what we describe and what we serve are the
 * same bytes even if the path is replaced meanwhile (a new archive is picked up at restart).
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { Compression, PMTiles, type Header, type RangeResponse, type Source } from 'pmtiles';
import type { BasemapConfig } from '../../shared/coverage/types';
import type { Logger } from '../logger';
import { describeArchive } from './describe';

/** Where the client fetches the archive; the file name is its content version (see `fingerprint`). */
export const BASEMAP_PATH = '/api/map/basemap';

export interface BasemapArchive {
  config: BasemapConfig;
  /** `<version>.pmtiles`: the only name served. */
  fileName: string;
  /** Strong, from the content: the same on every instance that has the same file. */
  etag: string;
  size: number;
  /** Bytes `start`…`end` inclusive, read from the open file. */
  stream(start: number, end: number): Readable;
  close(): Promise<void>;
}

class FileHandleSource implements Source {
  constructor(
    private readonly fh: FileHandle,
    private readonly key: string,
  ) {}

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.fh.read(buf, 0, length, offset);
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) };
  }
}

async function decompress(buf: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  if (compression === Compression.None || compression === Compression.Unknown) return buf;
  if (compression !== Compression.Gzip) throw new Error(`compression ${compression} is not read here`);
  const out = gunzipSync(Buffer.from(buf));
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

/**
 * A version of the archive's content: header, root directory, metadata and leaf directories, which
 * between them give every tile's offset and length. Cheap (no tile bytes are read) and, unlike an
 * mtime, the same for copies of one file on several instances behind a load balancer.
 */
async function fingerprint(fh: FileHandle, size: number, h: Header): Promise<string> {
  const hash = createHash('sha256').update(`pmtiles:${size}:`);
  const parts: [number, number][] = [
    [0, 127],
    [h.rootDirectoryOffset, h.rootDirectoryLength],
    [h.jsonMetadataOffset, h.jsonMetadataLength],
    [h.leafDirectoryOffset, h.leafDirectoryLength ?? 0],
  ];
  for (const [offset, length] of parts) {
    if (length <= 0) continue;
    if (offset + length > size) throw new Error('a section lies past the end of the file');
    for await (const chunk of fh.createReadStream({ start: offset, end: offset + length - 1, autoClose: false })) hash.update(chunk as Buffer);
  }
  return hash.digest('hex').slice(0, 20);
}

export async function openBasemap(file: string, log: Logger): Promise<BasemapArchive | null> {
  let fh: FileHandle | null = null;
  try {
    fh = await open(file, 'r');
    const st = await fh.stat();
    if (!st.isFile()) throw new Error('not a regular file');
    const reader = new PMTiles(new FileHandleSource(fh, file), undefined, decompress);
    const header = await reader.getHeader();
    const metadata = await reader.getMetadata();
    const described = describeArchive(header, metadata);
    if (!described.ok) {
      log.warn('basemap.refused', { file, reason: described.reason, hint: 'the command map is drawn without a basemap' });
      await fh.close();
      return null;
    }
    const version = await fingerprint(fh, st.size, header);
    const fileName = `${version}.pmtiles`;
    const handle = fh;
    const config: BasemapConfig = { url: `${BASEMAP_PATH}/${fileName}`, ...described.basemap };
    log.info('basemap.ready', { file, bytes: st.size, tileType: config.tileType, zoom: [config.minzoom, config.maxzoom], layers: config.vectorLayers.length });
    return {
      config,
      fileName,
      etag: `"${version}"`,
      size: st.size,
      stream: (start, end) => handle.createReadStream({ start, end, autoClose: false }),
      close: () => handle.close(),
    };
  } catch (err) {
    // Missing, unreadable, truncated, not PMTiles: say which file and why, and carry on without it.
    log.warn('basemap.unavailable', { file, reason: err instanceof Error ? err.message : String(err), hint: 'the command map is drawn without a basemap' });
    await fh?.close().catch(() => undefined);
    return null;
  }
}
