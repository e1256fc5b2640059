import { resolve, sep } from 'node:path';
import type { AnalyseTask } from '../../jobs/job-runner.js';
import { discoverImages } from '../discover.js';
import { sha256File } from '../hash-file.js';
import type { ListedPhoto, PhotoSource, SourceEvent } from './photo-source.js';

/** Photos in folders (and single files) on this machine; workers read the files themselves. */
export class FolderSource implements PhotoSource {
  constructor(private readonly roots: readonly string[]) {}

  describe(): string {
    return this.roots.join(', ');
  }

  async *list(): AsyncGenerator<SourceEvent> {
    for await (const event of discoverImages(this.roots)) {
      if (event.kind === 'image') yield { kind: 'photo', photo: event.file };
      else if (event.kind === 'not-an-image') yield { kind: 'not-an-image', photo: event.file, reason: event.reason };
    }
  }

  contentHash(photo: ListedPhoto): Promise<string> {
    return sha256File(photo.path);
  }

  async task(photo: ListedPhoto, sha256: string): Promise<AnalyseTask> {
    return { path: photo.path, sha256 };
  }

  prefixes(): string[] {
    return this.roots.map((root) => {
      const absolute = resolve(root);
      return absolute.endsWith(sep) ? absolute : absolute + sep;
    });
  }

  async close(): Promise<void> {}
}
