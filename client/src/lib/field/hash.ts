/**
 * SHA-256 of a photo's bytes, the name it is stored and deduplicated under. WebCrypto when we
 * have it; `crypto.subtle` exists only in secure contexts (https, localhost) and county
 * intranets often serve plain HTTP, so then the draw's pure-JS SHA-256 (loaded only then).
 */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  if (globalThis.crypto?.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    let hex = '';
    for (const b of digest) hex += b.toString(16).padStart(2, '0');
    return hex;
  }
  const { sha256Hex: pure } = await import('../../../../shared/draw/sha256');
  return pure(bytes);
}
