import { describe, expect, it } from 'vitest';
import type { PackFile } from '../../../src/models/pack-manifest.js';
import { licenceGate, LicenceNotAcceptedError } from '../../../src/models/pull/licence-gate.js';

const mit: PackFile = { file: 'det.onnx', sha256: 'a'.repeat(64), bytes: 229_738, licence: { terms: 'MIT', commercialUse: true }, sources: [] };
const research: PackFile = { file: 'rec.onnx', sha256: 'b'.repeat(64), bytes: 3_514_509, licence: { terms: 'non-commercial research only', commercialUse: false }, sources: [] };
const unrecorded: PackFile = { file: 'old.onnx', sha256: 'c'.repeat(64), sources: [] };

function gate(accepted: boolean, answer?: boolean) {
  const printed: string[] = [];
  const questions: string[] = [];
  const ask = answer === undefined ? undefined : async (q: string) => (questions.push(q), answer);
  return { printed, questions, check: licenceGate({ packName: 'p', accepted, ask, print: (l) => printed.push(l) }) };
}

describe('the licence gate before a download', () => {
  it('prints every file with its size and terms, and lets permissive files through without asking', async () => {
    const { printed, questions, check } = gate(false, false);
    await check([mit]);
    expect(printed).toEqual(['licences of the files to download:', '  det.onnx (0.2 MB): MIT']);
    expect(questions).toEqual([]);
  });

  it('refuses non-commercial terms when nobody can be asked, naming the files and --accept-licence', async () => {
    const { printed, check } = gate(false);
    const err = await check([mit, research]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LicenceNotAcceptedError);
    expect((err as Error).message).toMatch(/^pack p: rec\.onnx is not licensed for commercial use; nothing was downloaded\..*--accept-licence/);
    expect(printed).toContain('  rec.onnx (3.5 MB): non-commercial research only');
  });

  it('treats a file without recorded terms as restricted', async () => {
    const err = await gate(false).check([unrecorded]).catch((e: unknown) => e);
    expect((err as Error).message).toContain('old.onnx is not licensed');
  });

  it('goes on when the terms were accepted on the command line', async () => {
    const { questions, check } = gate(true, false);
    await expect(check([research, unrecorded])).resolves.toBeUndefined();
    expect(questions).toEqual([]);
  });

  it('asks at a terminal and follows the answer', async () => {
    const yes = gate(false, true);
    await expect(yes.check([research])).resolves.toBeUndefined();
    expect(yes.questions).toHaveLength(1);
    const no = gate(false, false);
    await expect(no.check([research])).rejects.toThrow(LicenceNotAcceptedError);
  });
});
