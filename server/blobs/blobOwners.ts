/**
 * Which sheets a blob was uploaded for. Reading a photo needs access to a sheet that owns it:
 * knowing a hash is not enough, and a photo of one group's household never leaks to another
 * group through a guessed or shared hash. Recorded at upload, after the uploader's write access
 * to that sheet was checked.
 */
import type { Redis } from '../redis/connect';
import { keys } from '../redis/keys';

export class BlobOwners {
  constructor(private readonly redis: Redis) {}

  async add(hash: string, docName: string): Promise<void> {
    await this.redis.sAdd(keys.blobDocs(hash), docName);
  }

  async owns(hash: string, docName: string): Promise<boolean> {
    return (await this.redis.sIsMember(keys.blobDocs(hash), docName)) === 1;
  }
}
