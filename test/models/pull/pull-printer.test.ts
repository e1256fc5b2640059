import { describe, expect, it } from 'vitest';
import { pullPrinter } from '../../../src/models/pull/pull-printer.js';
import type { PullEvent } from '../../../src/models/pull/pull-pack.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WriteStream };
}

const url = 'http://mirror/models/rec.onnx';
const progress = (received: number, resumedFrom = 0): PullEvent => ({ kind: 'download', file: 'rec.onnx', url, progress: { received, total: 4_000_000, resumedFrom } });

describe('pull progress', () => {
  it('writes plain lines off a terminal: the start, each quarter with its speed, the end', () => {
    const { written, stream } = fakeStream(false);
    let clock = 10_000;
    const print = pullPrinter(stream, () => clock);
    print(progress(0));
    for (let received = 100_000; received <= 4_000_000; received += 100_000) {
      clock += 100; // 1 MB/s
      print(progress(received));
    }
    print({ kind: 'installed', file: 'rec.onnx', path: '/lib/models/p/rec.onnx' });
    expect(written).toEqual([
      `  rec.onnx: downloading ${url}\n`,
      '  rec.onnx: 1.0 of 4.0 MB (25%), 1.0 MB/s\n',
      '  rec.onnx: 2.0 of 4.0 MB (50%), 1.0 MB/s\n',
      '  rec.onnx: 3.0 of 4.0 MB (75%), 1.0 MB/s\n',
      '  rec.onnx: downloaded 4.0 MB at 1.0 MB/s, sha256 verified, installed at /lib/models/p/rec.onnx\n',
    ]);
  });

  it('measures the speed of a resumed download on the new bytes only', () => {
    const { written, stream } = fakeStream(false);
    let clock = 0;
    const print = pullPrinter(stream, () => clock);
    print(progress(2_000_000, 2_000_000));
    clock += 500;
    print(progress(3_000_000, 2_000_000));
    expect(written).toEqual([`  rec.onnx: downloading ${url} from byte 2000000\n`, '  rec.onnx: 3.0 of 4.0 MB (75%), 2.0 MB/s\n']);
  });

  it('draws a bar in place on a terminal, at most five times a second, and always the last one', () => {
    const { written, stream } = fakeStream(true);
    let clock = 1_000;
    const print = pullPrinter(stream, () => clock);
    print(progress(0));
    clock += 250;
    print(progress(1_000_000));
    clock += 50;
    print(progress(1_500_000)); // too soon after the last drawing
    clock += 700;
    print(progress(4_000_000));
    print({ kind: 'installed', file: 'rec.onnx', path: '/p/rec.onnx' });
    expect(written).toEqual([
      `\r\x1b[2K  rec.onnx [${'#'.repeat(6)}${'-'.repeat(18)}] 1.0 of 4.0 MB (25%) 4.0 MB/s`,
      `\r\x1b[2K  rec.onnx [${'#'.repeat(24)}] 4.0 of 4.0 MB (100%) 4.0 MB/s`,
      '\r\x1b[2K',
      '  rec.onnx: downloaded 4.0 MB at 4.0 MB/s, sha256 verified, installed at /p/rec.onnx\n',
    ]);
  });
});
